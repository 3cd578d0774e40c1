// A CodeMirror 6 editor in YAML mode. Problems are shown on their lines (lint gutter, underline,
// tooltip); `completions` offers values where the cursor is (the mapping's CRM field picker).
import type { CompletionContext, CompletionSource } from "@codemirror/autocomplete";
import { yaml } from "@codemirror/lang-yaml";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef } from "preact/hooks";

export interface LineProblem {
  line: number;
  message: string;
}

export interface EditorHandle {
  view: EditorView | null;
}

export function YamlEditor(props: {
  /** The text to show; it replaces the editor's text only when `docKey` changes (another CRM, a loaded version). */
  value: string;
  docKey: string;
  onChange: (text: string) => void;
  problems: LineProblem[];
  label: string;
  completions?: CompletionSource;
  handle?: EditorHandle;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const completions = useRef(props.completions);
  completions.current = props.completions;
  const shownProblems = useRef<LineProblem[]>([]);
  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          // basicSetup brings the completion UI; this adds our source through the language data.
          EditorState.languageData.of(() => [
            { autocomplete: (ctx: CompletionContext) => completions.current?.(ctx) ?? null },
          ]),
          EditorView.contentAttributes.of({ "aria-label": props.label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChange.current(u.state.doc.toString());
          }),
          EditorView.theme({
            "&": { height: "480px", fontSize: "13px" },
            ".cm-scroller": { overflow: "auto" },
          }),
        ],
      }),
    });
    view.current = v;
    if (props.handle) props.handle.view = v;
    return () => v.destroy();
  }, []);

  // The editor owns its text while the admin types (echoing it back through props would race
  // with typing); a new document comes in only under a new key.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
    }
  }, [props.docKey]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (props.problems.length === 0 && shownProblems.current.length === 0) return;
    shownProblems.current = props.problems;
    const doc = v.state.doc;
    const diagnostics: Diagnostic[] = props.problems.map((p) => {
      const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
      return { from: line.from, to: line.to, severity: "error", message: p.message };
    });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [props.problems]);

  return <div ref={host} class="slds-box slds-p-around_none yaml-editor" data-testid="yaml-editor" />;
}
