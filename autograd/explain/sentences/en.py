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
    "pictures_data": "data {value}",
    "pictures_grad": "grad {value}",
    "pictures_local": "local {value}",
    "pictures_waiting": "waiting for upstream",
    "pictures_legend_fill": "fill = |grad| (∂{root}/∂node)",
    "pictures_legend_edge": "edge: local derivative; upstream × local = what the parent's grad gains",
    "pictures_no_grads": "all grads are 0: call {root}.backward() first",
    "pictures_omitted": "… {omitted} more values, not drawn\n({total} in all; max_nodes={max_nodes})\nmax_nodes=None draws every one",
    "pictures_hover_leaf": "{name} = {data} (an input); ∂{root}/∂{name} = {grad}",
    "pictures_hover_value": "{name} = {expr} = {data}; ∂{root}/∂{name} = {grad}",
    "pictures_hover_op": "{name} = {expr} ({op}); local derivatives: {locals}",
    "pictures_hover_edge": "local derivative ∂{node}/∂{parent} = {formula}",
    "pictures_too_big": "{what}: the graph has {count} values, more than the {cap} a picture can lay out in reasonable time; draw the part nearest the output with max_nodes (for example max_nodes=200), or build a smaller graph",
    "pictures_too_big_animation": "animate: the graph has {count} values, more than the {cap} an animation can show; animate a smaller graph, or draw the part nearest the output with render(root, 'graph.svg', view='backward', max_nodes=200)",
    "pictures_title": "Backward pass of {root}",
    "pictures_start": "start: ∂{root}/∂{root} = 1, the output's gradient with respect to itself.\nEvery other grad is 0 until the gradient reaches it.\nEach step multiplies a node's grad (upstream) by the local derivative\nof each input and adds the product to that input's grad.",
    "pictures_play": "Play",
    "pictures_pause": "Pause",
    "pictures_prev": "Previous",
    "pictures_next": "Next",
    "pictures_first": "First",
    "pictures_last": "Last",
    "pictures_zoom_in": "Zoom in",
    "pictures_zoom_out": "Zoom out",
    "pictures_fit": "Fit",
    "pictures_actual": "100%",
    "pictures_keys": "← → one step · space play/pause · Home/End first/last · wheel or pinch to zoom · drag to pan",
    "pictures_frame": "step",
    "pictures_hint": "Orange: the node being processed and the edges it sends its gradient along; orange-framed records just had their grad grow. Fill = |grad|.",
    # --- check: gradcheck reports (autograd.check) ---
    # --- cli: the command line's messages (autograd.cli) ---
    # --- quiz: the quiz (Stepper.quiz, python -m autograd quiz) ---
    # --- audit: the auditor of learners' engines (autograd.audit) ---
    # --- tutorial: the tutorial notebooks' self-checked exercises ---
    # --- demos: the demos and the tour (demos/) ---
}
