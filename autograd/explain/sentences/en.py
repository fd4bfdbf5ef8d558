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
    "local_position": "  → {parent}, as the {position}: local derivative ∂{node}/∂({position}) = {formula}",
    "chain_first": "       chain rule: upstream × local = ∂{root}/∂{node} × ∂{node}/∂{wrt} = {grad} × {local} = {contribution}",
    "chain": "       chain rule: upstream × local = ∂{root}/∂{node} × ∂{node}/∂{wrt} = {grad} × {local} = {contribution}",
    "accumulate": "       {parent}.grad += {contribution}, so it went from {before} to {after}",
    "adds_up": "       ({parent} is used more than once: the gradients from every use add up)",
    "held_leaves": "  note: leaves already hold gradients from before ({held}), and this pass adds to them, as backward() does. To see this graph's gradients alone, set them to 0 first (p.grad = 0, or model.zero_grad()), or use Stepper({root}, fresh=True).",
    "held_item": "{name}.grad = {grad}",
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
    "op_add": "add",
    "op_sub": "sub",
    "op_mul": "mul",
    "op_div": "div",
    "op_neg": "neg",
    "op_pow": "pow",
    "op_exp": "exp",
    "op_log": "log",
    "op_tanh": "tanh",
    "op_sigmoid": "sigmoid",
    "op_relu": "relu",
    "op_sqrt": "sqrt",
    "op_abs": "abs",
    "op_sin": "sin",
    "op_cos": "cos",
    "position_add_0": "first term",
    "position_add_1": "second term",
    "position_sub_0": "first term",
    "position_sub_1": "second term",
    "position_mul_0": "first factor",
    "position_mul_1": "second factor",
    "position_div_0": "numerator",
    "position_div_1": "denominator",
    "position_pow_0": "base",
    "position_pow_1": "exponent",
    "position_any": "input {i}",
    # --- pictures: drawings and the animation (autograd.view) ---
    # --- check: gradcheck reports (autograd.check) ---
    # --- cli: the command line's messages (autograd.cli) ---
    # --- quiz: the quiz (Stepper.quiz, python -m autograd quiz) ---
    # --- audit: the auditor of learners' engines (autograd.audit) ---
    # --- tutorial: the tutorial notebooks' self-checked exercises ---
    # --- demos: the demos and the tour (demos/) ---
}
