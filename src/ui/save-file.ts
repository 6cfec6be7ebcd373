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

/** The File System Access API's folder dialog, where the browser has it (Chromium-based ones). */
type FolderPicker = (options: {
  id?: string;
  mode: 'readwrite';
}) => Promise<FileSystemDirectoryHandle>;

const folderPicker = () =>
  (globalThis as { showDirectoryPicker?: FolderPicker }).showDirectoryPicker;

/** Whether "Save all" can write into a folder the user chooses once. */
export const canSaveToFolder = (): boolean => typeof folderPicker() === 'function';

/**
 * The folder dialog (call it from the click itself: browsers open it only for a user's action).
 * Its handle is what the engine worker makes the files in.
 */
export async function chooseFolder(): Promise<FileSystemDirectoryHandle | 'cancelled'> {
  const picker = folderPicker();
  if (typeof picker !== 'function') throw new Error('This browser has no folder dialog.');
  try {
    return await picker({ id: 'clearance-outputs', mode: 'readwrite' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
    throw error;
  }
}

/**
 * Saves every file into one folder the user chooses, each streamed from disk (a file of the same
 * name there is replaced, as a save dialog would ask). Where the browser has no folder dialog,
 * each file is downloaded in turn. `onFile` is told of each file as it starts.
 */
export async function saveAll(
  names: readonly string[],
  fileOf: (name: string) => Promise<File>,
  onFile: (name: string, index: number) => void = () => {},
): Promise<{ outcome: 'saved' | 'cancelled'; folder?: string }> {
  const picker = folderPicker();
  if (typeof picker !== 'function') {
    for (const [index, name] of names.entries()) {
      onFile(name, index);
      await saveFile(await fileOf(name), name);
    }
    return { outcome: 'saved' };
  }
  const folder = await chooseFolder();
  if (folder === 'cancelled') return { outcome: 'cancelled' };
  for (const [index, name] of names.entries()) {
    onFile(name, index);
    const handle = await folder.getFileHandle(name, { create: true });
    await (await fileOf(name)).stream().pipeTo(await handle.createWritable());
  }
  return { outcome: 'saved', folder: folder.name };
}
