/** The videos folder cannot take a new recording (the API answers 507 Insufficient Storage). */
export class VideosFolderError extends Error {
  override readonly name = 'VideosFolderError';
}

/** A video name that is not a recording name, or that points outside the videos folder. */
export class InvalidVideoNameError extends Error {
  override readonly name = 'InvalidVideoNameError';
}

/** A well-formed video name with no finished video behind it. */
export class VideoNotFoundError extends Error {
  override readonly name = 'VideoNotFoundError';
}

/** Finalising a `.part` failed; the `.part` is kept so that nothing recorded is lost. */
export class FinaliseError extends Error {
  override readonly name: string = 'FinaliseError';
}

/** The `.part` holds no complete fragment (stopped before the first one arrived). */
export class NothingRecordedError extends FinaliseError {
  override readonly name = 'NothingRecordedError';
}
