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
    "pictures_data": "値 {value}",
    "pictures_grad": "勾配 {value}",
    "pictures_local": "局所的な微分 {value}",
    "pictures_waiting": "上流待ち",
    "pictures_legend_fill": "塗り = |勾配|（∂{root}/∂ノード）",
    "pictures_legend_edge": "辺：局所的な微分。上流の勾配 × 局所的な微分 = 親ノードの勾配に足される量",
    "pictures_no_grads": "勾配がすべて 0 です。先に {root}.backward() を呼んでください",
    "pictures_omitted": "… ほかに {omitted} 個の値は描いていません\n（全部で {total} 個。max_nodes={max_nodes}）\nmax_nodes=None ですべて描きます",
    "pictures_hover_leaf": "{name} = {data}（入力）。∂{root}/∂{name} = {grad}",
    "pictures_hover_value": "{name} = {expr} = {data}。∂{root}/∂{name} = {grad}",
    "pictures_hover_op": "{name} = {expr}（{op}）。局所的な微分：{locals}",
    "pictures_hover_edge": "局所的な微分 ∂{node}/∂{parent} = {formula}",
    "pictures_too_big": "{what}: このグラフには値が {count} 個あり、図に現実的な時間で配置できる上限の {cap} 個を超えています。max_nodes（たとえば max_nodes=200）で出力に近い部分だけを描くか、小さなグラフにしてください",
    "pictures_too_big_animation": "animate: このグラフには値が {count} 個あり、アニメーションで見せられる上限の {cap} 個を超えています。小さなグラフをアニメーションにするか、render(root, 'graph.svg', view='backward', max_nodes=200) で出力に近い部分を描いてください",
    "pictures_title": "{root} の逆伝播",
    "pictures_start": "はじめ：∂{root}/∂{root} = 1（出力の、自分自身に対する勾配）です。\nほかの勾配は、勾配が届くまで 0 です。\n各ステップでは、ノードの勾配（上流の勾配）に各入力の局所的な微分を掛け、\nその積をその入力の勾配に足します。",
    "pictures_play": "再生",
    "pictures_pause": "一時停止",
    "pictures_prev": "前へ",
    "pictures_next": "次へ",
    "pictures_first": "最初",
    "pictures_last": "最後",
    "pictures_zoom_in": "拡大",
    "pictures_zoom_out": "縮小",
    "pictures_fit": "全体表示",
    "pictures_actual": "100%",
    "pictures_keys": "← → キーで 1 ステップ・スペースキーで再生／一時停止・ホーム／エンドキーで最初／最後・ホイールやピンチで拡大縮小・ドラッグで移動",
    "pictures_frame": "ステップ",
    "pictures_hint": "オレンジ色：処理中のノードと、勾配を送る辺です。オレンジ色の枠：今、勾配が増えたノードです。塗り = |勾配|。",
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
