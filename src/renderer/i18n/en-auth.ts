// English strings of sign-in, first-run setup and the signed-in user (a part of en.ts).
export const enAuth = {
  signInTitle: 'Sign in',
  signInIntro: 'Sign in to the Edge Site console.',
  setupTitle: 'Set up this site',
  setupIntro:
    'No user exists yet. Create the administrator: this account manages users, API tokens and every setting. There is no default password.',
  username: 'User name',
  password: 'Password',
  passwordRepeat: 'Password again',
  passwordHint: 'At least 8 characters.',
  mismatch: 'The passwords differ.',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  create: 'Create administrator',
  signOut: 'Sign out',
  checking: 'Checking the session…',
  wrong: 'Wrong user name or password.',
  limited: 'Too many failed attempts. Try again in a minute.',
  forbidden: 'Your role does not allow this',
  role: { admin: 'admin', technician: 'technician', viewer: 'viewer' },
};
