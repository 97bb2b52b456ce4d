/** The file terms (S-DLG-9, S-DLG-5, S-DLG-7), English; a chunk of their own (files.i18n.ts). */
export const en = {
  attach: 'Attach files',
  attachments: 'Files to send',
  remove: (name: string): string => `Remove ${name}`,
  retry: (name: string): string => `Upload ${name} again`,
  uploading: (name: string): string => `Uploading ${name}`,
  uploaded: 'Ready to send',
  failed: 'Upload failed',
  tooLarge: (total: string, limit: string): string => `Files together may be at most ${limit} (these are ${total}). Nothing was attached.`,
  tooMany: (max: number): string => `At most ${max} files in one message.`,
  // S-CH-2: the conversation's channel (a messenger) carries less than the chat itself.
  fileTooLarge: (name: string, max: string): string => `“${name}” is too large for this channel: at most ${max} per file. Nothing was attached.`,
  kindRefused: (name: string, kind: 'image' | 'audio' | 'file'): string =>
    `This channel does not carry ${kind === 'image' ? 'images' : kind === 'audio' ? 'audio' : 'files of this kind'} (“${name}”). Nothing was attached.`,
  dropHere: 'Drop files to attach them',
  refused: (code: string): string =>
    code === 'LIMIT_EXCEEDED' ? 'Too large, or too many files waiting to be sent' : code === 'UNAUTHENTICATED' ? 'Not allowed: sign in again' : code === 'UNAVAILABLE' ? 'The server could not be reached' : 'The server refused it',
  download: (name: string): string => `Download ${name}`,
  openImage: (name: string): string => `Open image ${name}`,
  image: 'Image',
  voice: 'Voice message',
  bytes: (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`),
  // "Show attachments" (S-DLG-7).
  showAttachments: 'Attachments',
  images: 'Images',
  otherFiles: 'Files',
  noImages: 'No images in this conversation',
  noFiles: 'No files in this conversation',
  showInThread: 'Show in conversation',
  close: 'Close',
  loadMore: 'More',
} as const;

export type FileTerms = typeof en;
