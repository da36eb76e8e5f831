/** A failure worth another attempt (a receiver answering 5xx, a timeout, a refused connection). */
export class Retryable extends Error {}
