//! The interview traps as predict-then-run cards: the learner picks what a run will show,
//! tries it, and the results say what this machine measured ([`TrapOutcomeLine`]).

use interleave_engine::RunReport;
use interleave_engine::traps::TRAPS;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::TrapGuess;

/// Props of [`TrapsPanel`].
#[derive(Properties, PartialEq)]
pub struct TrapsPanelProps {
    /// Whether a run or a batch is going (no trap can start then).
    pub busy: bool,
    /// For each trap, whether this page can run its experiment.
    pub runnable: Vec<bool>,
    /// The prediction of the trap run last, if the last run was one.
    pub guess: Option<TrapGuess>,
    /// Starts a trap's run with the learner's prediction.
    pub on_run: Callback<TrapGuess>,
}

/// The four traps of the teaching material, each a small form.
#[function_component]
pub fn TrapsPanel(props: &TrapsPanelProps) -> Html {
    html! {
        <section class="traps" aria-labelledby="traps-title">
            <h2 id="traps-title">{ "Interview traps: predict, then run" }</h2>
            <p class="help">
                { "Each belief below sounds right and is wrong. Pick what you think the run \
                   will show, then run it: the results say what this machine measured." }
            </p>
            { for (0..TRAPS.len()).map(|index| html! {
                <TrapCard
                    index={index}
                    disabled={props.busy || !props.runnable.get(index).copied().unwrap_or(false)}
                    asked={props.guess.filter(|g| g.trap == index).map(|g| g.prediction)}
                    on_run={props.on_run.clone()}
                />
            }) }
        </section>
    }
}

/// Props of [`TrapCard`].
#[derive(Properties, PartialEq)]
struct TrapCardProps {
    /// The trap's index in [`TRAPS`].
    index: usize,
    /// Whether "Try it" is unavailable.
    disabled: bool,
    /// The prediction this trap was last run with, if the last run was this trap's.
    asked: Option<usize>,
    /// Starts the run.
    on_run: Callback<TrapGuess>,
}

/// One trap: the belief, the question, the answers as radio buttons, and "Try it".
#[function_component]
fn TrapCard(props: &TrapCardProps) -> Html {
    let trap = &TRAPS[props.index];
    let picked = use_state(|| None::<usize>);
    let name = format!("trap-{}", trap.slug);
    let on_run = {
        let (picked, on_run, trap) = (picked.clone(), props.on_run.clone(), props.index);
        Callback::from(move |_: MouseEvent| {
            if let Some(prediction) = *picked {
                on_run.emit(TrapGuess { trap, prediction });
            }
        })
    };
    html! {
        <fieldset class="trap" id={name.clone()} aria-describedby={format!("{name}-question")}>
            <legend>{ format!("“{}”", trap.belief) }</legend>
            <p id={format!("{name}-question")}>{ trap.question }</p>
            <div class="answers">
                { for trap.answers.iter().enumerate().map(|(answer, text)| {
                    let onchange = {
                        let picked = picked.clone();
                        Callback::from(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            if input.checked() {
                                picked.set(Some(answer));
                            }
                        })
                    };
                    html! {
                        <label>
                            <input type="radio" name={name.clone()} value={answer.to_string()}
                                checked={*picked == Some(answer)} {onchange} />
                            { *text }
                        </label>
                    }
                }) }
            </div>
            <div class="actions">
                <button onclick={on_run} disabled={props.disabled || picked.is_none()}
                    aria-label={format!("Try it: “{}”", trap.belief)}>
                    { if props.asked.is_some() { "Try it again" } else { "Try it" } }
                </button>
                if picked.is_none() {
                    <span class="help">{ "Pick an answer first." }</span>
                }
            </div>
        </fieldset>
    }
}

/// What a trap's run measured against the learner's prediction, shown above the verdict.
pub fn trap_outcome_line(guess: Option<TrapGuess>, report: &RunReport) -> Html {
    let Some((trap, prediction)) = guess.and_then(|g| Some((TRAPS.get(g.trap)?, g.prediction)))
    else {
        return Html::default();
    };
    let Some(outcome) = trap.outcome(report) else {
        return Html::default();
    };
    let said = |answer: usize| trap.answers.get(answer).copied().unwrap_or("?");
    let (class, text) = match outcome.answer {
        None => (
            "unsettled",
            format!(
                "Measured here: {} The repeats were too noisy to settle it; close other tabs \
                 and programs and run it again.",
                outcome.measured
            ),
        ),
        Some(answer) if answer == prediction => (
            "right",
            format!(
                "Measured here: {} The answer is “{}”: your prediction held. {}",
                outcome.measured,
                said(answer),
                trap.why
            ),
        ),
        Some(answer) => (
            "wrong",
            format!(
                "Measured here: {} The answer is “{}”, not “{}”. {}",
                outcome.measured,
                said(answer),
                said(prediction),
                trap.why
            ),
        ),
    };
    html! {
        <p class={classes!("trap-outcome", class)} id="trap-outcome" data-trap={trap.slug}
            data-answer={outcome.answer.map(|a| a.to_string())}>
            <strong>{ format!("“{}” You predicted “{}”. ", trap.belief, said(prediction)) }</strong>
            { text }
        </p>
    }
}
