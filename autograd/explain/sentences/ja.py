"""日本語の文と図のラベルをすべて、内容ごとのキーで持つ表です。

English has the same keys and the same ``{fields}`` in :mod:`autograd.explain.sentences.en`.
Style: です・ます, full-width punctuation, and the terms in :data:`TERMS`.
"""

SENTENCES: dict[str, str] = {
    # --- narration: the stepper, the forward view and the step table (autograd.explain) ---
    "step_head": "ステップ {k}/{n}: {node} = {expr} = {arithmetic} = {value}",
    "upstream_root": "  上流の勾配 ∂{root}/∂{node} = {grad}（出発点: どんな量も自分自身で微分すれば 1）",
    "upstream": "  上流の勾配 ∂{root}/∂{node} = {grad}（{node} から {root} へのすべての経路の分が出そろった値）",
    "local": "  → {parent}: 局所的な微分 ∂{node}/∂{parent} = {formula}",
    "chain": "       連鎖律: 上流の勾配 × 局所的な微分 = ∂{root}/∂{node} × ∂{node}/∂{parent} = {grad} × {local} = {contribution}",
    "accumulate": "       {parent} の勾配に {contribution} を足して、{before} から {after} になった",
    "adds_up": "       （{parent} は複数の箇所で使われているので、それぞれの経路からの勾配が足し合わされる）",
    "forward_title": "順伝播（計算する順）:",
    "backward_title": "逆伝播（{count}、{root} から入力へさかのぼる）:",
    "count_one": "1 ステップ",
    "count_many": "{n} ステップ",
    "table_title": "逆伝播のあとの各ノード:",
    "gradients_title": "勾配:",
    "no_steps": "（{root} は何からも計算されていない葉なので、たどるステップはない。∂{root}/∂{root} = 1）",
    "input": "入力",
    "constant": "定数",
    "table_head": "ノード|演算|値|勾配|",
    "table_done": "済",
    "table_next": "← 次",
    "stepper_start": "Stepper({root}): {n} ステップ中 0 ステップ済み。次は {next}（{op}）。.next() で進む。",
    "stepper_mid": "Stepper({root}): {n} ステップ中 {k} ステップ済み。次は {next}（{op}）。",
    "stepper_done": "Stepper({root}): {n} ステップすべて済み。勾配はすべて確定した（.table() で一覧）。",
    # --- pictures: drawings and the animation (autograd.view) ---
    # --- check: gradcheck reports (autograd.check) ---
    # --- cli: the command line's messages (autograd.cli) ---
    # --- quiz: the quiz (Stepper.quiz, python -m autograd quiz) ---
    # --- audit: the auditor of learners' engines (autograd.audit) ---
    # --- tutorial: the tutorial notebooks' self-checked exercises ---
    # --- demos: the demos and the tour (demos/) ---
}

#: The one term list: each English idea and the Japanese word used for it everywhere.
#: At its first use in a text, a term with a reading in parentheses is written in full.
TERMS: dict[str, str] = {
    "gradient": "勾配",
    "local derivative": "局所的な微分",
    "chain rule": "連鎖律（チェインルール）",
    "backward pass": "逆伝播",
    "backpropagation": "誤差逆伝播法（バックプロパゲーション）",
    "forward pass": "順伝播",
    "leaf node": "葉ノード",
    "output": "出力",
}
