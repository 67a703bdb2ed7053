// The API of the bundled Go editor (editor/go-editor.js, built into codemirror.js).

/** A compile error to mark: 1-based line and column. */
export interface Mark {
  line: number;
  col: number;
  message: string;
}

/** A mounted editor. */
export interface GoEditor {
  text(): string;
  setText(text: string): void;
  mark(errors: Mark[]): void;
  focusLine(line: number): void;
  destroy(): void;
}

/** Mounts an editor of `doc` in a shadow root of `host`; `onChange` gets the text after each
 * change, `onRun` is called on Ctrl-Enter (Cmd-Enter). */
export function mount(host: HTMLElement, doc: string, onChange: (text: string) => void, onRun: () => void, label: string): GoEditor;
