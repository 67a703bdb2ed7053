// The page's Go editor: CodeMirror 6 with Go highlighting, line numbers, Tab indenting and
// diagnostics, mounted in a shadow root. Bundled by build.mjs into www/vendor/codemirror.js
// (its API is declared in www/vendor/codemirror.d.ts).
//
// Why a shadow root: CodeMirror injects its styles through style-mod, which writes a
// <style> element into a document (refused by the page's CSP, `style-src 'self'`, unless
// it carries a nonce, and a static page has none to give) but uses a constructed,
// adopted stylesheet in a shadow root, which no style-src governs. So the CSP stays strict.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { go } from '@codemirror/lang-go';
import { HighlightStyle, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';

/** Go's highlighting in the page's code colours (`--code-*` in www/style.css, one set per
 * theme, each readable on the page's card colour). */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.definitionKeyword, tags.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.character], color: 'var(--code-string)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--code-literal)' },
  { tag: [tags.typeName, tags.standard(tags.typeName)], color: 'var(--code-type)' },
  { tag: [tags.function(tags.variableName), tags.function(tags.definition(tags.variableName))], color: 'var(--code-function)' },
]);

/** The editor's look, in the shadow root's adopted stylesheet (the page's CSS does not reach it). */
const look = EditorView.theme({
  // The page's colours: custom properties reach into a shadow root.
  '&': { fontSize: '14px', border: '1px solid var(--border, #888)', borderRadius: '6px', backgroundColor: 'var(--card, Canvas)', color: 'var(--fg, CanvasText)' },
  '&.cm-focused': { outline: '2px solid var(--accent, #2f6fde)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', minHeight: '12em', maxHeight: '32em' },
  '.cm-content': { caretColor: 'var(--fg, CanvasText)' },
  '.cm-gutters': { backgroundColor: 'transparent', color: 'var(--muted, GrayText)', borderRight: '1px solid var(--border, #8884)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#8881' },
});

/**
 * Mounts an editor of `doc` in `host` (a shadow root is attached to it); `onChange` gets
 * the whole text after each change, and `onRun` is called on Ctrl-Enter (Cmd-Enter).
 * @param {HTMLElement} host
 * @param {string} doc
 * @param {(text: string) => void} onChange
 * @param {() => void} onRun
 * @param {string} label the editor's accessible name
 */
export function mount(host, doc, onChange, onRun, label) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(highlight),
        go(),
        indentUnit.of('\t'),
        EditorState.tabSize.of(4),
        lintGutter(),
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's tab focus mode).
        keymap.of([{ key: 'Mod-Enter', run: () => { onRun(); return true; } }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.lineWrapping,
        look,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  // A region that scrolls is reachable by keyboard itself (axe's scrollable-region-focusable):
  // its editable content inside a shadow root is not counted.
  view.scrollDOM.tabIndex = 0;
  return {
    /** The text in the editor. */
    text: () => view.state.doc.toString(),
    /** Replaces the text, unless it is already this. @param {string} text */
    setText(text) {
      if (text !== view.state.doc.toString()) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      }
    },
    /** Marks these errors (1-based line and column) in the editor, replacing the last ones.
     * @param {{line: number, col: number, message: string}[]} errors */
    mark(errors) {
      const lines = view.state.doc.lines;
      const diagnostics = errors.map(({ line, col, message }) => {
        const at = view.state.doc.line(Math.min(Math.max(line, 1), lines));
        const from = Math.min(at.from + Math.max(col - 1, 0), at.to);
        return { from, to: Math.max(from, at.to), severity: /** @type {'error'} */ ('error'), message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    /** Moves the cursor to a line and focuses the editor. @param {number} line */
    focusLine(line) {
      const at = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
      view.dispatch({ selection: { anchor: at.from }, scrollIntoView: true });
      view.focus();
    },
    /** Removes the editor. */
    destroy: () => view.destroy(),
  };
}
