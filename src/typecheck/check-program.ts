/**
 * The TypeScript Program edge checks run in: the pipeline's modules as root files, read from
 * disk with the compiler options of the project's tsconfig, so imported types (Arrow vectors,
 * the project's own interfaces) resolve exactly as `tsc` resolves them. Nothing is emitted and
 * no diagnostics are computed: the checker is asked only about the types edges need.
 *
 * ts-morph bundles TypeScript without its lib `.d.ts` files on disk (it serves them from
 * memory), so the compiler host here serves them from @ts-morph/common's copy. A plain host is
 * used rather than a ts-morph Project: it skips JSDoc in TypeScript files and ts-morph's node
 * wrappers, a measured ~30% of the Program's cost on 5,000 functions.
 */
import { getLibFiles, libFolderInMemoryPath } from "@ts-morph/common";
import { dirname, resolve } from "node:path";
import { ts } from "ts-morph";
import { FuncflowError } from "../errors/index.ts";
import { RecentMap } from "./recent-map.ts";

/** Where the compiler options come from. */
export interface CheckProgramOptions {
  /** A tsconfig path; undefined finds the nearest one above the first module; false uses the defaults. */
  readonly tsconfig?: string | false;
}

/** A Program over the modules and the tsconfig it was made with. */
export interface CheckProgram {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly tsconfig: string | undefined;
}

/** Used when the project has no tsconfig: strict, modern ESM, `.ts` imports allowed. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2023.d.ts"],
  strict: true,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
};

/**
 * Builds the Program for `modules` (absolute paths of TypeScript and declaration files),
 * reusing `oldProgram`'s parsed files when given.
 * @throws FuncflowError `invalid_argument` when the tsconfig cannot be read.
 */
export function createCheckProgram(modules: readonly string[], options: CheckProgramOptions = {}, oldProgram?: ts.Program): CheckProgram {
  const tsconfig = findTsconfig(modules, options.tsconfig);
  const compilerOptions: ts.CompilerOptions = {
    ...(tsconfig === undefined ? DEFAULT_OPTIONS : readCompilerOptions(tsconfig)),
    // Only types are asked for: no output, no build info, no checking of library files.
    noEmit: true,
    skipLibCheck: true,
    incremental: false,
    composite: false,
    declaration: false,
    sourceMap: false,
  };
  // An old Program's parsed files are reused: adding a module costs only its own parse.
  const program = ts.createProgram({ rootNames: modules, options: compilerOptions, host: createHost(compilerOptions), ...(oldProgram !== undefined && { oldProgram }) });
  return { program, checker: program.getTypeChecker(), tsconfig };
}

/**
 * How many project files stay parsed: a program over a module that imports funcflow, Arrow and
 * Node's types reads ~1,650 files, so a few projects' worth fit and a long-running process that
 * checks many stays bounded.
 */
const PROJECT_SOURCES_KEPT = 4_096;

/** Lib files by path, parsed once per process: they never change under one TypeScript. */
const libSources = new Map<string, ts.SourceFile>();
let libTexts: ReadonlyMap<string, string> | undefined;

/**
 * Project files (the pipeline's modules and all they import: funcflow's own ~400 source files for
 * a module that imports funcflow), parsed and bound once and reused by every later Program of this
 * process while the file's text and the settings that shape its parse and binding are the same,
 * as a language service's document registry shares them. One entry per path, replaced when the
 * text changes. Measured: parsing and binding those files was most of each check after the first.
 * Bounded: the least recently used beyond {@link PROJECT_SOURCES_KEPT} are forgotten.
 */
const projectSources = new RecentMap<string, { readonly settings: string; readonly text: string; readonly sourceFile: ts.SourceFile }>(PROJECT_SOURCES_KEPT);

function createHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, false);
  // TypeScript files never read types from JSDoc; skipping it is a measured ~25% of parse time.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  libTexts ??= new Map(getLibFiles().map((file) => [`${libFolderInMemoryPath}/${file.fileName}`, file.text]));
  const texts = libTexts;
  const { fileExists, readFile, getSourceFile } = host;
  host.getDefaultLibLocation = () => libFolderInMemoryPath;
  host.getDefaultLibFileName = (libOptions) => `${libFolderInMemoryPath}/${ts.getDefaultLibFileName(libOptions)}`;
  host.fileExists = (path) => texts.has(path) || fileExists.call(host, path);
  host.readFile = (path) => texts.get(path) ?? readFile.call(host, path);
  // The compiler options shape binding (strict mode, module detection): a file bound under others is parsed again.
  const optionsKey = JSON.stringify(options);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const text = texts.get(path);
    if (text === undefined) return projectSourceFile(path, languageVersion, optionsKey, shouldCreate === true) ?? getSourceFile.call(host, path, languageVersion, onError, shouldCreate);
    const key = `${path}\u0000${typeof languageVersion === "number" ? languageVersion : languageVersion.languageVersion}`;
    let sourceFile = libSources.get(key);
    if (sourceFile === undefined) {
      sourceFile = ts.createSourceFile(path, text, languageVersion, false);
      libSources.set(key, sourceFile);
    }
    return sourceFile;
  };
  return host;
}

/** The project file at `path`, from {@link projectSources} when its text and settings are unchanged; undefined when it cannot be read (the default host then reports why). */
function projectSourceFile(path: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions, optionsKey: string, fresh: boolean): ts.SourceFile | undefined {
  const text = ts.sys.readFile(path);
  if (text === undefined) return undefined;
  const parse = typeof languageVersion === "number" ? { languageVersion } : { languageVersion: languageVersion.languageVersion, impliedNodeFormat: languageVersion.impliedNodeFormat, jsDocParsingMode: languageVersion.jsDocParsingMode };
  const settings = `${optionsKey}\u0000${JSON.stringify(parse)}`;
  const cached = projectSources.get(path);
  if (!fresh && cached !== undefined && cached.settings === settings && cached.text === text) return cached.sourceFile;
  const sourceFile = ts.createSourceFile(path, text, languageVersion, false);
  projectSources.set(path, { settings, text, sourceFile });
  return sourceFile;
}

function findTsconfig(modules: readonly string[], given: string | false | undefined): string | undefined {
  if (given === false) return undefined;
  if (given !== undefined) return resolve(given);
  const [first] = modules;
  return first === undefined ? undefined : ts.findConfigFile(dirname(first), ts.sys.fileExists);
}

function readCompilerOptions(tsconfig: string): ts.CompilerOptions {
  let failure: string | undefined;
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      failure = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    },
  });
  if (parsed === undefined || failure !== undefined) {
    throw new FuncflowError(
      "invalid_argument",
      `${tsconfig}: the tsconfig cannot be read${failure === undefined ? "" : `: ${failure}`}. Fix it, or pass another with --tsconfig.`,
      { details: { tsconfig } },
    );
  }
  return parsed.options;
}
