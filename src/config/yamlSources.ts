import { join, normalize } from "node:path";
import type { Diagnostic } from "./diagnostics";
import { MAX_FILE_BYTES } from "./yamlFile";

/** The file system, as much of it as reading YAML files from paths needs. */
export interface YamlFileSystem {
  isDirectory(path: string): boolean;
  list(dir: string): string[];
  size(path: string): number;
  read(path: string): Uint8Array;
}

export interface YamlSource {
  readonly file: string;
  readonly bytes: Uint8Array;
}

const isYamlName = (name: string) => name.endsWith(".yaml") || name.endsWith(".yml");

function fileProblem(file: string, code: Diagnostic["code"], message: string): Diagnostic {
  return { file, line: 1, col: 1, code, path: "", message };
}

/**
 * The YAML files named by `paths` (files, or folders whose *.yaml / *.yml are read, not recursively), sorted and
 * each once (paths are normalized, so `a.yaml` and `./a.yaml` are one file), with their bytes. Files over 1 MiB are
 * refused without being read; missing paths and unreadable files are diagnostics. `what` names the kind of file in
 * messages ("tenant", "runbook").
 */
export function readYamlSources(
  paths: readonly string[],
  fs: YamlFileSystem,
  what: string,
): { files: string[]; sources: YamlSource[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const named: string[] = [];
  for (const path of paths.map((p) => normalize(p))) {
    let isDir: boolean;
    try {
      isDir = fs.isDirectory(path);
    } catch {
      diagnostics.push(fileProblem(path, "E_FILE_UNREADABLE", `no such file or folder; expected a ${what} file or a folder of them`));
      continue;
    }
    if (isDir) named.push(...fs.list(path).filter(isYamlName).map((n) => join(path, n)));
    else named.push(path);
  }
  const files = [...new Set(named)].sort();
  const sources: YamlSource[] = [];
  for (const file of files) {
    try {
      const size = fs.size(file);
      if (size > MAX_FILE_BYTES) {
        diagnostics.push(fileProblem(file, "E_FILE_TOO_LARGE", `file is ${size} bytes; expected at most ${MAX_FILE_BYTES} (1 MiB)`));
        continue;
      }
      sources.push({ file, bytes: fs.read(file) });
    } catch (err) {
      diagnostics.push(fileProblem(file, "E_FILE_UNREADABLE", `cannot read file (${String((err as NodeJS.ErrnoException).code ?? "unreadable")})`));
    }
  }
  return { files, sources, diagnostics };
}
