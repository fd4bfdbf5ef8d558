"""日本語の文と図のラベルをすべて、内容ごとのキーで持つ表です。

English has the same keys and the same ``{fields}`` in :mod:`autograd.explain.sentences.en`.
Style: です・ます, full-width punctuation, and the terms in :data:`TERMS`.
"""

SENTENCES: dict[str, str] = {
    # --- narration: the stepper, the forward view and the step table (autograd.explain) ---
    "step_head": "ステップ {k}/{n}：{node} = {expr} = {arithmetic} = {value}",
    "upstream_root": "  上流の勾配 ∂{root}/∂{node} = {grad}（出発点です。どんな量も、自分自身で微分すると 1 です）",
    "upstream": "  上流の勾配 ∂{root}/∂{node} = {grad}（{node} から {root} へのすべての経路の分が出そろった値です）",
    "local": "  → {parent}：局所的な微分 ∂{node}/∂{parent} = {formula}",
    "local_position": "  → {parent}（{position}として）：局所的な微分 ∂{node}/∂({position}) = {formula}",
    "chain_first": "       連鎖律（チェインルール）：上流の勾配 × 局所的な微分 = ∂{root}/∂{node} × ∂{node}/∂{wrt} = {grad} × {local} = {contribution}",
    "chain": "       連鎖律：上流の勾配 × 局所的な微分 = ∂{root}/∂{node} × ∂{node}/∂{wrt} = {grad} × {local} = {contribution}",
    "accumulate": "       {parent} の勾配に {contribution} が加わり、{before} から {after} に変わります",
    "adds_up": "       （{parent} は複数の箇所で使われているので、それぞれの経路からの勾配が足し合わされます）",
    "held_leaves": "  注意：葉ノードには前の計算の勾配が残っています（{held}）。この逆伝播はそこに足し込みます（backward() と同じです）。このグラフの勾配だけを見るには、先に 0 にする（p.grad = 0、または model.zero_grad()）か、Stepper({root}, fresh=True) を使ってください。",
    "held_item": "{name} の勾配 = {grad}",
    "forward_title": "順伝播（計算する順）：",
    "backward_title": "逆伝播：誤差逆伝播法（バックプロパゲーション）で、{root} から入力へ {count}さかのぼります：",
    "count_one": "1 ステップ",
    "count_many": "{n} ステップ",
    "table_title": "逆伝播のあとの各ノード：",
    "gradients_title": "勾配：",
    "no_steps": "（{root} は何からも計算されていない葉ノードなので、たどるステップはありません。∂{root}/∂{root} = 1 です）",
    "input": "入力",
    "constant": "定数",
    "table_head": "ノード|演算|値|勾配|",
    "table_done": "済",
    "table_next": "← 次",
    "stepper_start": "Stepper({root})：全 {n} ステップのうち 0 ステップ済みです。次は {next}（{op}）です。.next() で進みます。",
    "stepper_mid": "Stepper({root})：全 {n} ステップのうち {k} ステップ済みです。次は {next}（{op}）です。",
    "stepper_done": "Stepper({root})：{n} ステップすべて済みです。勾配はすべて確定しました（一覧は .table() で見られます）。",
    "op_add": "足し算",
    "op_sub": "引き算",
    "op_mul": "掛け算",
    "op_div": "割り算",
    "op_neg": "符号の反転",
    "op_pow": "べき乗",
    "op_exp": "指数関数",
    "op_log": "対数",
    "op_tanh": "双曲線正接",
    "op_sigmoid": "シグモイド関数",
    "op_relu": "ランプ関数",
    "op_sqrt": "平方根",
    "op_abs": "絶対値",
    "op_sin": "正弦",
    "op_cos": "余弦",
    "position_add_0": "1 つ目の項",
    "position_add_1": "2 つ目の項",
    "position_sub_0": "引かれる数",
    "position_sub_1": "引く数",
    "position_mul_0": "1 つ目の因数",
    "position_mul_1": "2 つ目の因数",
    "position_div_0": "分子",
    "position_div_1": "分母",
    "position_pow_0": "底",
    "position_pow_1": "指数",
    "position_any": "{i} 番目の入力",
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
