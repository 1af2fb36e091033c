/**
 * Run records written whole or not at all, so a reader (the UI listing runs) never sees half a
 * file: io's atomic write, plus the folder it goes in. io loads only on the first write, so
 * adding runRecorder() to a pipeline does not import apache-arrow.
 */
/**
 * Writes `content` to `path`, creating its folder.
 * @throws FuncflowError `io_failed` naming `path`.
 * @example await writeFileAtomic(".funcflow/runs/r1.json", json);
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const io = await import("../io/index.ts");
  await io.writeFileAtomic(path, content, { where: "runRecorder", createFolder: true });
}
