/** The File System Access API's save dialog, where the browser has it (Chromium-based ones). */
type SavePicker = (options: {
  suggestedName: string;
}) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>> }>;

/**
 * Saves a disk-backed File (an output in the origin-private file system) where the user chooses,
 * streaming it so a 1 GB CSV is never held in memory: the save dialog where the browser has one,
 * a download otherwise (the Blob URL points at the same disk file, not a copy).
 */
export async function saveFile(file: File, name: string): Promise<'saved' | 'cancelled'> {
  const picker = (globalThis as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (typeof picker === 'function') {
    let handle;
    try {
      handle = await picker({ suggestedName: name });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
      throw error;
    }
    await file.stream().pipeTo(await handle.createWritable());
    return 'saved';
  }
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The browser has started reading the file by the time a minute has passed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return 'saved';
}
