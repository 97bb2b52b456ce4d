/**
 * What the consultant and the composer need of files once a visitor opens the window or a manager
 * first attaches one (S-DLG-9, S-DLG-5): one chunk, so that neither start-up download carries it.
 */
export { PendingFiles, type PendingFile } from './pending-files.js';
export { pendingStyles, renderPending } from './pending-files.view.js';
export { messageFilesStyles, renderAttachments } from './message-files.view.js';
