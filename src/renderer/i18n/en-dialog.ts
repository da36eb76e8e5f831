// English strings of the in-page confirm / prompt dialog (a part of en.ts).
export const enDialog = {
  ok: 'OK',
  cancel: 'Cancel',
};
