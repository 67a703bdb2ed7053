//! What an embedding page may ask of an embedded playground: the URL options of embed
//! mode and the messages of the host API, validated here so that nothing a host sends
//! can reach the page unchecked.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::report::Backend;

/// The version of the message API; messages carry it as `"interleave": 1`.
pub const API_VERSION: u64 = 1;

/// The most parameters one `set-params` message may carry.
const MAX_PARAMS: usize = 16;

/// The colour theme an embedding page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow the reader's system setting.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The theme a URL option or a host message names: `auto`, `light` or `dark`.
    pub fn from_word(word: &str) -> Option<Theme> {
        match word {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// Its name in URLs and messages: the inverse of [`Theme::from_word`].
    pub fn word(self) -> &'static str {
        self.attribute().unwrap_or("auto")
    }

    /// The value of the page's `data-theme` attribute, if any.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

/// The view of the timeline a page opens with (`view=workers|tasks`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TimelineView {
    /// One lane per worker: what kept each worker busy.
    #[default]
    Workers,
    /// One lane per task: when each task ran, where, and what it waited for.
    Tasks,
}

impl TimelineView {
    /// The view a URL option or a host message names: `workers` or `tasks`.
    pub fn from_word(word: &str) -> Option<TimelineView> {
        match word {
            "workers" => Some(TimelineView::Workers),
            "tasks" => Some(TimelineView::Tasks),
            _ => None,
        }
    }

    /// Its name in URLs and messages: the inverse of [`TimelineView::from_word`].
    pub fn word(self) -> &'static str {
        match self {
            TimelineView::Workers => "workers",
            TimelineView::Tasks => "tasks",
        }
    }
}

/// The parts of the page an embed can show (`panels=controls,verdict,timeline`); each is
/// shown unless `panels=` leaves it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panels {
    /// The experiment's settings, Run and Stop.
    pub controls: bool,
    /// What ran where, the check of the answers and the verdict.
    pub verdict: bool,
    /// The table of the variants' times and speedups.
    pub numbers: bool,
    /// The timeline and its downloads.
    pub timeline: bool,
    /// The table of every span under the timeline.
    pub spans: bool,
}

impl Panels {
    /// Every panel, as a page without `panels=` shows.
    pub const ALL: Panels = Panels {
        controls: true,
        verdict: true,
        numbers: true,
        timeline: true,
        spans: true,
    };

    /// The names `panels=` takes, with each one's flag.
    fn named(&mut self) -> [(&'static str, &mut bool); 5] {
        [
            ("controls", &mut self.controls),
            ("verdict", &mut self.verdict),
            ("numbers", &mut self.numbers),
            ("timeline", &mut self.timeline),
            ("spans", &mut self.spans),
        ]
    }

    /// Reads `panels=a,b,c`; unknown names are left out with a note.
    fn parse(raw: Option<&str>, notes: &mut Vec<String>) -> Panels {
        let Some(raw) = raw else {
            return Panels::ALL;
        };
        let mut panels = Panels {
            controls: false,
            verdict: false,
            numbers: false,
            timeline: false,
            spans: false,
        };
        for name in raw
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .take(16)
        {
            match panels.named().into_iter().find(|(known, _)| *known == name) {
                Some((_, shown)) => *shown = true,
                None => notes.push(format!(
                    "panels has no \"{}\" (it takes controls, verdict, numbers, timeline and spans).",
                    name.chars().take(16).collect::<String>()
                )),
            }
        }
        panels
    }

    /// `controls,verdict,...`, or `None` when every panel shows.
    fn query(mut self) -> Option<String> {
        (self != Panels::ALL).then(|| {
            self.named()
                .into_iter()
                .filter(|(_, shown)| **shown)
                .map(|(name, _)| name)
                .collect::<Vec<_>>()
                .join(",")
        })
    }
}

impl Default for Panels {
    fn default() -> Self {
        Panels::ALL
    }
}

/// The most characters of the author's `caption=`; longer text is cut, with a note.
pub const MAX_CAPTION: usize = 200;

/// The most characters of the frame's `title=`; longer text is cut, with a note.
pub const MAX_TITLE: usize = 80;

/// The URL options of embed mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Whether the page is embedded (`embed=1`): compact layout and the message API.
    pub embed: bool,
    /// Whether to run once as soon as the workers are ready (`autorun=1`).
    pub autorun: bool,
    /// The colour theme (`theme=light|dark|auto`).
    pub theme: Theme,
    /// The backend asked for (`backend=shared|message|auto`); `None` lets the page choose
    /// (shared memory where the page is cross-origin isolated). Asking for message
    /// passing on an isolated page compares the two backends on one machine.
    pub backend: Option<Backend>,
    /// The timeline's view when a run is first shown (`view=workers|tasks`).
    pub view: TimelineView,
    /// Whether the frame tells its host its height whenever it changes (`height=auto`),
    /// so that the host's three lines in the snippet size the iframe to fit.
    pub auto_height: bool,
    /// Whether the reader is kept on this experiment (`lock=1`): no experiment picker.
    pub lock: bool,
    /// The author's line above the experiment (`caption=`), as plain text.
    pub caption: Option<String>,
    /// The frame's name for screen readers and its document title (`title=`).
    pub title: Option<String>,
    /// What the page shows (`panels=`).
    pub panels: Panels,
}

/// Author text from the URL: control characters dropped, at most `max` characters,
/// `None` when nothing is left; a note when it was cut.
fn text_option(
    key: &str,
    raw: Option<&str>,
    max: usize,
    notes: &mut Vec<String>,
) -> Option<String> {
    let clean: String = raw?.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.chars().count() > max {
        notes.push(format!(
            "{key} is longer than {max} characters; it was cut."
        ));
    }
    let cut: String = clean.chars().take(max).collect();
    (!cut.is_empty()).then_some(cut)
}

fn flag(key: &str, raw: Option<&str>, notes: &mut Vec<String>) -> bool {
    match raw {
        None | Some("0" | "false" | "") => false,
        Some("1" | "true") => true,
        Some(other) => {
            let shown: String = other.chars().take(12).collect();
            notes.push(format!("{key} = \"{shown}\" is not 1 or 0; using 0."));
            false
        }
    }
}

/// Reads the embed options from URL pairs; bad values fall back with a note.
pub fn options<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (EmbedOptions, Vec<String>) {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().take(crate::params::MAX_PAIRS).collect();
    let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let mut notes = Vec::new();
    let embed = flag("embed", get("embed"), &mut notes);
    let autorun = flag("autorun", get("autorun"), &mut notes);
    let theme = match get("theme").map(|w| (w, Theme::from_word(w))) {
        None => Theme::Auto,
        Some((_, Some(theme))) => theme,
        Some((other, None)) => {
            let shown: String = other.chars().take(12).collect();
            notes.push(format!(
                "theme = \"{shown}\" is not light, dark or auto; using auto."
            ));
            Theme::Auto
        }
    };
    let backend = match get("backend") {
        None | Some("auto") => None,
        Some("shared") => Some(Backend::SharedMemory),
        Some("message") => Some(Backend::MessagePassing),
        Some(other) => {
            let shown: String = other.chars().take(12).collect();
            notes.push(format!(
                "backend = \"{shown}\" is not shared, message or auto; using auto."
            ));
            None
        }
    };
    let view = match get("view").map(|w| (w, TimelineView::from_word(w))) {
        None => TimelineView::Workers,
        Some((_, Some(view))) => view,
        Some((other, None)) => {
            let shown: String = other.chars().take(12).collect();
            notes.push(format!(
                "view = \"{shown}\" is not workers or tasks; using workers."
            ));
            TimelineView::Workers
        }
    };
    let auto_height = match get("height") {
        None | Some("fixed") => false,
        Some("auto") => true,
        Some(other) => {
            let shown: String = other.chars().take(12).collect();
            notes.push(format!(
                "height = \"{shown}\" is not auto or fixed; using fixed."
            ));
            false
        }
    };
    let lock = flag("lock", get("lock"), &mut notes);
    let caption = text_option("caption", get("caption"), MAX_CAPTION, &mut notes);
    let title = text_option("title", get("title"), MAX_TITLE, &mut notes);
    let panels = Panels::parse(get("panels"), &mut notes);
    (
        EmbedOptions {
            embed,
            autorun,
            theme,
            backend,
            view,
            auto_height,
            lock,
            caption,
            title,
            panels,
        },
        notes,
    )
}

/// The keys of the URL options [`options`] reads.
pub const OPTION_KEYS: [&str; 10] = [
    "embed", "autorun", "theme", "backend", "view", "height", "lock", "caption", "title", "panels",
];

/// The URL options of `options` that differ from their defaults, as a query suffix
/// (`&embed=1&backend=message&view=tasks`): what the page adds to its settings' query in
/// the address bar, Share and Embed, so that a link reproduces the backend, view, theme
/// and autorun too. Reading it back with [`options`] gives the same options.
pub fn query_suffix(options: &EmbedOptions) -> String {
    let mut suffix = String::new();
    if options.embed {
        suffix += "&embed=1";
    }
    if options.autorun {
        suffix += "&autorun=1";
    }
    if let Some(theme) = options.theme.attribute() {
        suffix += &format!("&theme={theme}");
    }
    match options.backend {
        None => {}
        Some(Backend::SharedMemory) => suffix += "&backend=shared",
        Some(Backend::MessagePassing) => suffix += "&backend=message",
    }
    if options.view == TimelineView::Tasks {
        suffix += "&view=tasks";
    }
    if options.auto_height {
        suffix += "&height=auto";
    }
    if options.lock {
        suffix += "&lock=1";
    }
    if let Some(panels) = options.panels.query() {
        suffix += &format!("&panels={panels}");
    }
    for (key, text) in [("caption", &options.caption), ("title", &options.title)] {
        if let Some(text) = text {
            suffix += &format!("&{key}={}", percent_encode(text));
        }
    }
    suffix
}

/// `text` with every byte but unreserved ASCII percent-encoded, for a query value.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A command from the embedding page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostCommand {
    /// Subscribe: from now on the frame tells this host of every run, also those the
    /// reader starts in the frame (any valid command does so; this one does nothing else).
    Hello,
    /// Run the experiment as it is set.
    Run,
    /// Stop the run in progress.
    Stop,
    /// Set the worker count (the page clamps it, as it does the slider).
    SetWorkers(String),
    /// Set parameters by key (the page validates each, as it does the fields).
    SetParams(BTreeMap<String, String>),
    /// Show another experiment, by slug (the page ignores one it does not know; `lock=1`
    /// keeps only the reader from switching, not the author's page).
    SetExperiment(String),
    /// Open the timeline on this view.
    SetView(TimelineView),
    /// Use this colour theme.
    SetTheme(Theme),
    /// Answer with the frame's state: `{type: "state", ...}`.
    GetState,
    /// Open this Go program in the editor (Go mode), at most
    /// [`crate::program::MAX_SOURCE_BYTES`] of it.
    SetCode(String),
}

/// A number or a string from a message, as the text a control would hold.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if s.len() <= 32 => Some(s.clone()),
        _ => None,
    }
}

/// Reads one message of the host API, or says why it is not one.
///
/// A message is an object `{"interleave": 1, "type": ..., ...}`: `run`, `stop`,
/// `set-workers` with `workers`, or `set-params` with a `params` object of at most 16
/// numbers or short strings. Anything else is refused with a reason for the console.
pub fn parse_command(message: &Value) -> Result<HostCommand, String> {
    let Value::Object(fields) = message else {
        return Err("a message must be an object".into());
    };
    match fields.get("interleave").and_then(Value::as_u64) {
        Some(API_VERSION) => {}
        Some(v) => return Err(format!("message API version {v} is not supported (only 1)")),
        None => return Err("a message must carry \"interleave\": 1".into()),
    }
    match fields.get("type").and_then(Value::as_str) {
        Some("hello" | "subscribe") => Ok(HostCommand::Hello),
        Some("run") => Ok(HostCommand::Run),
        Some("stop") => Ok(HostCommand::Stop),
        Some("set-workers") => fields
            .get("workers")
            .and_then(text_of)
            .map(HostCommand::SetWorkers)
            .ok_or_else(|| "set-workers needs \"workers\": a number".into()),
        Some("set-params") => {
            let Some(Value::Object(params)) = fields.get("params") else {
                return Err("set-params needs \"params\": an object".into());
            };
            if params.len() > MAX_PARAMS {
                return Err(format!("set-params takes at most {MAX_PARAMS} parameters"));
            }
            params
                .iter()
                .map(|(key, value)| {
                    let text = text_of(value)
                        .ok_or_else(|| format!("parameter {key:.32} must be a number"))?;
                    Ok((key.chars().take(32).collect(), text))
                })
                .collect::<Result<_, String>>()
                .map(HostCommand::SetParams)
        }
        Some("set-experiment") => fields
            .get("experiment")
            .and_then(Value::as_str)
            .filter(|slug| slug.len() <= 32)
            .map(|slug| HostCommand::SetExperiment(slug.to_owned()))
            .ok_or_else(|| "set-experiment needs \"experiment\": a slug".into()),
        Some("set-view") => fields
            .get("view")
            .and_then(Value::as_str)
            .and_then(TimelineView::from_word)
            .map(HostCommand::SetView)
            .ok_or_else(|| "set-view needs \"view\": \"workers\" or \"tasks\"".into()),
        Some("set-theme") => fields
            .get("theme")
            .and_then(Value::as_str)
            .and_then(Theme::from_word)
            .map(HostCommand::SetTheme)
            .ok_or_else(|| "set-theme needs \"theme\": \"light\", \"dark\" or \"auto\"".into()),
        Some("get-state") => Ok(HostCommand::GetState),
        Some("set-code") => match fields.get("code") {
            Some(Value::String(code)) if code.len() <= crate::program::MAX_SOURCE_BYTES => {
                Ok(HostCommand::SetCode(code.clone()))
            }
            Some(Value::String(_)) => Err(format!(
                "set-code takes a program of at most {} KB",
                crate::program::MAX_SOURCE_BYTES / 1024
            )),
            _ => Err("set-code needs \"code\": the program's source".into()),
        },
        Some(other) => Err(format!("unknown message type {other:.32}")),
        None => Err("a message must have a \"type\"".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_query_suffix_reads_back_as_the_same_options() {
        let decode = |text: &str| {
            let bytes = text.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).unwrap()
        };
        let texts = [
            None,
            Some("Fig. 2: a lock & 100% of \"tasks\" = één".to_owned()),
        ];
        for bits in 0..(2 * 2 * 3 * 3 * 2 * 2 * 2 * 2 * 2) {
            let pick = |n: u32, of: u32| (bits / n) % of;
            let options = EmbedOptions {
                embed: pick(1, 2) == 1,
                autorun: pick(2, 2) == 1,
                theme: [Theme::Auto, Theme::Light, Theme::Dark][pick(4, 3) as usize],
                backend: [
                    None,
                    Some(Backend::SharedMemory),
                    Some(Backend::MessagePassing),
                ][pick(12, 3) as usize],
                view: [TimelineView::Workers, TimelineView::Tasks][pick(36, 2) as usize],
                auto_height: pick(72, 2) == 1,
                lock: pick(144, 2) == 1,
                caption: texts[pick(288, 2) as usize].clone(),
                title: texts[pick(288, 2) as usize].clone(),
                panels: if pick(576, 2) == 1 {
                    Panels {
                        numbers: false,
                        spans: false,
                        ..Panels::ALL
                    }
                } else {
                    Panels::ALL
                },
            };
            let suffix = query_suffix(&options);
            let decoded: Vec<(String, String)> = suffix
                .split('&')
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.to_owned(), decode(v)))
                .collect();
            let pairs = decoded.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            let (read, notes) = super::options(pairs);
            assert_eq!(read, options, "{suffix}");
            assert!(notes.is_empty(), "{suffix}: {notes:?}");
        }
    }

    #[test]
    fn backend_option_is_one_of_three_words() {
        let backend = |raw| options([("backend", raw)]);
        assert_eq!(backend("message").0.backend, Some(Backend::MessagePassing));
        assert_eq!(backend("shared").0.backend, Some(Backend::SharedMemory));
        assert_eq!(backend("auto").0.backend, None);
        let (opts, notes) = backend("threads<script>");
        assert_eq!(opts.backend, None);
        assert_eq!(notes.len(), 1);
        assert!(
            !notes[0].contains("<script>"),
            "shown cut short: {}",
            notes[0]
        );
    }

    #[test]
    fn view_option_is_workers_or_tasks() {
        let view = |raw| options([("view", raw)]);
        assert_eq!(view("tasks").0.view, TimelineView::Tasks);
        assert_eq!(view("workers").0.view, TimelineView::Workers);
        assert!(view("tasks").1.is_empty());
        let (opts, notes) = view("worker-lanes<img>");
        assert_eq!(opts.view, TimelineView::Workers);
        assert_eq!(notes.len(), 1);
        assert!(!notes[0].contains("<img>"), "shown cut short: {}", notes[0]);
    }

    #[test]
    fn author_text_is_plain_bounded_and_cut_with_a_note() {
        let long = "x".repeat(MAX_CAPTION + 5);
        let (opts, notes) = options([("caption", long.as_str()), ("title", "  Fig.\u{7} 1  ")]);
        assert_eq!(opts.caption.as_deref().map(str::len), Some(MAX_CAPTION));
        assert_eq!(opts.title.as_deref(), Some("Fig. 1"));
        assert_eq!(
            notes,
            ["caption is longer than 200 characters; it was cut."]
        );
        let (opts, notes) = options([("height", "auto"), ("lock", "1"), ("caption", " ")]);
        assert!(opts.auto_height && opts.lock && opts.caption.is_none());
        assert!(notes.is_empty());
        let (opts, notes) = options([("height", "640px")]);
        assert!(!opts.auto_height);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn panels_show_what_they_name_and_note_what_they_do_not_know() {
        let (opts, notes) = options([("panels", "controls, timeline,frobs")]);
        assert_eq!(
            opts.panels,
            Panels {
                controls: true,
                verdict: false,
                numbers: false,
                timeline: true,
                spans: false,
            }
        );
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("\"frobs\""), "{notes:?}");
        assert_eq!(options([]).0.panels, Panels::ALL);
    }

    #[test]
    fn options_default_off_and_reject_junk() {
        let (opts, notes) = options([]);
        assert_eq!(
            opts,
            EmbedOptions {
                embed: false,
                autorun: false,
                theme: Theme::Auto,
                backend: None,
                view: TimelineView::Workers,
                auto_height: false,
                lock: false,
                caption: None,
                title: None,
                panels: Panels::ALL,
            }
        );
        assert!(notes.is_empty());
        let (opts, notes) = options([("embed", "1"), ("autorun", "true"), ("theme", "dark")]);
        assert!(opts.embed && opts.autorun);
        assert_eq!(opts.theme, Theme::Dark);
        assert!(notes.is_empty());
        let (opts, notes) = options([("embed", "yes"), ("theme", "<b>")]);
        assert!(!opts.embed);
        assert_eq!(opts.theme, Theme::Auto);
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn commands_are_read_when_well_formed() {
        let parse = |v: Value| parse_command(&v);
        assert_eq!(
            parse(json!({"interleave": 1, "type": "run"})),
            Ok(HostCommand::Run)
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "stop"})),
            Ok(HostCommand::Stop)
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "set-workers", "workers": 2})),
            Ok(HostCommand::SetWorkers("2".into()))
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "set-params", "params": {"n": 1000}})),
            Ok(HostCommand::SetParams(BTreeMap::from([(
                "n".into(),
                "1000".into()
            )])))
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "hello"})),
            Ok(HostCommand::Hello)
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "set-experiment", "experiment": "lock"})),
            Ok(HostCommand::SetExperiment("lock".into()))
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "set-view", "view": "tasks"})),
            Ok(HostCommand::SetView(TimelineView::Tasks))
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "set-theme", "theme": "dark"})),
            Ok(HostCommand::SetTheme(Theme::Dark))
        );
        assert_eq!(
            parse(json!({"interleave": 1, "type": "get-state"})),
            Ok(HostCommand::GetState)
        );
    }

    #[test]
    fn malformed_commands_are_refused_with_a_reason() {
        for bad in [
            json!("run"),
            json!(null),
            json!({"type": "run"}),
            json!({"interleave": 2, "type": "run"}),
            json!({"interleave": 1}),
            json!({"interleave": 1, "type": "eval", "code": "alert(1)"}),
            json!({"interleave": 1, "type": "set-workers"}),
            json!({"interleave": 1, "type": "set-workers", "workers": {"a": 1}}),
            json!({"interleave": 1, "type": "set-params", "params": [1, 2]}),
            json!({"interleave": 1, "type": "set-params", "params": {"n": "x".repeat(100)}}),
            json!({"interleave": 1, "type": "set-experiment"}),
            json!({"interleave": 1, "type": "set-experiment", "experiment": "x".repeat(40)}),
            json!({"interleave": 1, "type": "set-view", "view": "lanes"}),
            json!({"interleave": 1, "type": "set-theme", "theme": "<b>"}),
            json!({"interleave": 1, "type": "set-code"}),
            json!({"interleave": 1, "type": "set-code", "code": 7}),
            json!({"interleave": 1, "type": "set-code", "code": "x".repeat(crate::program::MAX_SOURCE_BYTES + 1)}),
        ] {
            assert!(parse_command(&bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_command(&json!({"interleave": 1, "type": "set-code", "code": "package main"})),
            Ok(HostCommand::SetCode("package main".into()))
        );
        let many: serde_json::Map<String, Value> =
            (0..20).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(
            parse_command(&json!({"interleave": 1, "type": "set-params", "params": many})).is_err()
        );
    }
}
