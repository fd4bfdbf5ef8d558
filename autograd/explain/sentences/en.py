"""Every English sentence and picture label, keyed by what it says.

Japanese has the same keys with the same ``{fields}`` in :mod:`autograd.explain.sentences.ja`
(a test checks it). Add a sentence to both tables, in the section of the part that shows it.
"""

SENTENCES: dict[str, str] = {
    # --- narration: the stepper, the forward view and the step table (autograd.explain) ---
    "step_head": "step {k}/{n}: {node} = {expr} = {arithmetic} = {value}",
    "upstream_root": "  upstream gradient ∂{root}/∂{node} = {grad} (the starting point: anything's derivative with respect to itself is 1)",
    "upstream": "  upstream gradient ∂{root}/∂{node} = {grad} (complete: every path from {node} to {root} has reported)",
    "local": "  → {parent}: local derivative ∂{node}/∂{parent} = {formula}",
    "chain": "       chain rule: upstream × local = ∂{root}/∂{node} × ∂{node}/∂{parent} = {grad} × {local} = {contribution}",
    "accumulate": "       {parent}.grad += {contribution}, so it went from {before} to {after}",
    "adds_up": "       ({parent} is used more than once: the gradients from every use add up)",
    "forward_title": "forward pass (evaluation order):",
    "backward_title": "backward pass ({count}, from {root} back to the inputs):",
    "count_one": "1 step",
    "count_many": "{n} steps",
    "table_title": "every node after the backward pass:",
    "gradients_title": "gradients:",
    "no_steps": "({root} is a leaf, computed from nothing: there is nothing to step through, and ∂{root}/∂{root} = 1)",
    "input": "input",
    "constant": "constant",
    "table_head": "node|op|data|grad|",
    "table_done": "done",
    "table_next": "← next",
    "stepper_start": "Stepper({root}): 0 of {n} steps taken; next: {next} ({op}). Call .next() to take it.",
    "stepper_mid": "Stepper({root}): {k} of {n} steps taken; next: {next} ({op}).",
    "stepper_done": "Stepper({root}): all {n} steps taken; every grad is final (see .table()).",
    # --- pictures: drawings and the animation (autograd.view) ---
    # --- check: gradcheck reports (autograd.check) ---
    "check_title_gradcheck": "gradcheck: ∂f/∂input at {point}",
    "check_title_gradgradcheck": "gradgradcheck: second derivatives at {point}",
    "check_title_module": "check_module: ∂loss/∂parameter for {picked} of {total} parameters (seed={seed})",
    "check_head": "#|{kind}|analytic (backward)|numeric (finite diff)|abs err|rel err|allowed|status",
    "check_kind_input": "input",
    "check_kind_derivative": "derivative",
    "check_status_ok": "ok",
    "check_status_mismatch": "MISMATCH",
    "check_status_kink": "KINK",
    "check_status_non_finite": "NON-FINITE",
    "check_status_unresolved": "UNRESOLVED",
    "check_mark_failed": "✗",
    "check_mark_unresolved": "?",
    "check_tols_default": "atol={atol}, rtol={rtol}, first step h = ε^(1/3)·max(1, |x|), halved as needed",
    "check_tols_eps": "atol={atol}, rtol={rtol}, first step h = {eps}, halved as needed",
    "check_passed_one": "✓ PASSED: the derivative agrees with finite differences ({tols}).",
    "check_passed_all": "✓ PASSED: all {n} derivatives agree with finite differences ({tols}).",
    "check_passed_some": (
        "✓ PASSED: {k} of {n} derivatives agree with finite differences; {m} could not be resolved "
        "(see below), which is no verdict on them ({tols})."
    ),
    "check_nothing_one": (
        "? NOTHING VERIFIED: finite differences cannot resolve this derivative here, so the check "
        "neither confirms nor rejects backward ({tols})."
    ),
    "check_nothing_many": (
        "? NOTHING VERIFIED: finite differences cannot resolve any of the {n} derivatives here, so the "
        "check neither confirms nor rejects backward ({tols})."
    ),
    "check_failed_one": "✗ FAILED: 1 of 1 derivative did not check out ({tols}).",
    "check_failed_many": "✗ FAILED: {k} of {n} derivatives did not check out ({tols}).",
    "check_note_line": "  {mark} {label}: {status}: {note}",
    "check_how_to_read": (
        "How to read this: each row nudges one input by ±h and measures how the output moves (numeric);\n"
        "the step is halved while the estimates at h, h/2, … still change, and they are combined\n"
        "(Richardson extrapolation).  backward's answer (analytic) must match it to within 'allowed' =\n"
        "atol + rtol·|value| + the finite difference's own measured error.  MISMATCH: a derivative rule\n"
        "on the path from that input to the output is wrong.  KINK: the slope jumps there, so no single\n"
        "derivative exists.  NON-FINITE: a NaN or infinity appeared, or the function is undefined at\n"
        "every nudged point.  UNRESOLVED: the finite difference cannot measure this slope well enough\n"
        "here (rounding, or a very steep change); that is not a failure, and says nothing against the rule."
    ),
    "check_of_f": "f",
    "check_point": "{items}",
    "check_list_sep": ", ",
    "check_of_loss": "the loss",
    "check_of_gradient": "the gradient of f",
    "check_value_is": "the value is {value}",
    "check_undefined": (
        "{what} is undefined at {by} = {t}, a step of {h} from {by} = {x} ({error}); every step tried, "
        "from {first} down, leaves the domain. {by} = {x} is at its edge: check at a point inside it."
    ),
    "check_center_not_finite": "{what} is {value} at {by} = {x} itself.",
    "check_backward_not_finite": (
        "backward returned {value} for {label}: a derivative rule divided by zero or overflowed "
        "(like 1/(2√x) at x = 0)."
    ),
    "check_mismatch": "backward says {analytic}, nudging {by} says {numeric} ({ratio}).",
    "check_ratio": "backward/numeric = {ratio}",
    "check_ratio_still": "{of} does not move when {by} is nudged",
    "check_blame": (
        "A derivative rule on the path from {by} to {of} is wrong (a ratio like 2 or 0.5 often means "
        "a forgotten chain-rule factor)."
    ),
    "check_detached": (
        "backward treats {count} value(s) in {of} as constant, yet they change when {by} is nudged "
        "(e.g. {before}{name} → {after}): they were computed under no_grad() or from .data, so backward "
        "misses how they depend on {by}."
    ),
    "check_named": " ({label})",
    "check_kink": (
        "the slope of {of} jumps at or very near {by} = {x} (a kink, or a step in {of} itself): "
        "≈ {left} just left of it, ≈ {right} just right.  No single derivative exists here "
        "(backward chose {analytic}); check at a point away from the kink."
    ),
    "check_unresolved_flat": (
        "the finite difference cannot resolve this slope at this point: rounding in {of} limits it to "
        "about ±{noise} (at steps down to h = {h}), more than 1% of the slope itself, because {of} is "
        "much larger than the change nudging {by} makes.  This is no verdict on the rule; check at a "
        "point where {by} moves {of} more."
    ),
    "check_unresolved_steep": (
        "the finite difference cannot resolve this slope at this point: its estimates at steps from "
        "{first} down to {h} still differ by about {noise}, more than 1% of the slope, because {of} "
        "changes too fast near {by} = {x} for the steps float64 allows.  This is no verdict on the rule; "
        "check at a point where {of} changes more gently."
    ),
    "check_demo_step1": (
        "1. A new op, sin(x²), with the derivative written by hand as cos(x²).\n"
        "   (The chain rule says cos(x²)·2x: the inner factor 2x is missing.)\n"
    ),
    "check_demo_formula_wrong": "∂sin(x²)/∂x = cos(x²)   ← wrong",
    "check_demo_ratio": (
        "\n   backward/numeric = {ratio} = 1/{inverse}.  At x = {x}, 2x = {two_x}:"
        " the ratio is exactly the missing factor.\n"
    ),
    "check_demo_step2": "2. The fix: ∂sin(x²)/∂x = cos(x²)·2x.  Same name, so the op is replaced.\n",
    "check_demo_step3": "\n3. One point is not a proof: check a few more, and a bigger expression that uses the op.",
    "check_demo_point": "   x = {x}, y = 0.7: {verdict}",
    "check_demo_passed": "passed",
    "check_demo_failed": "FAILED",
    "check_demo_step4": (
        "\n4. The rule uses only operations a Value supports, so backward(create_graph=True) can\n"
        "   differentiate it again, and second derivatives check out as well:\n"
    ),
    # --- cli: the command line's messages (autograd.cli) ---
    # --- quiz: the quiz (Stepper.quiz, python -m autograd quiz) ---
    # --- audit: the auditor of learners' engines (autograd.audit) ---
    # --- tutorial: the tutorial notebooks' self-checked exercises ---
    # --- demos: the demos and the tour (demos/) ---
}
