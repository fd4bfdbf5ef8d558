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
    "check_title_gradcheck": "gradcheck：{point} での、各入力についての f の微分",
    "check_title_gradgradcheck": "gradgradcheck：{point} での二階微分",
    "check_title_module": "check_module：パラメータ {total} 個のうち {picked} 個についての損失の微分（seed={seed}）",
    "check_head": "#|{kind}|解析的な値（逆伝播）|数値的な値（有限差分）|絶対誤差|相対誤差|許容誤差|判定",
    "check_kind_input": "入力",
    "check_kind_derivative": "微分",
    "check_status_ok": "一致",
    "check_status_mismatch": "不一致",
    "check_status_kink": "折れ点",
    "check_status_non_finite": "有限でない",
    "check_status_unresolved": "判定不能",
    "check_mark_failed": "✗",
    "check_mark_unresolved": "？",
    "check_tols_default": "atol={atol}、rtol={rtol}、刻み幅 h は ε^(1/3)·max(1, |x|) から始めて必要に応じて半分ずつ",
    "check_tols_eps": "atol={atol}、rtol={rtol}、刻み幅 h は {eps} から始めて必要に応じて半分ずつ",
    "check_passed_one": "✓ 合格：微分は有限差分と一致しました（{tols}）。",
    "check_passed_all": "✓ 合格：{n} 個の微分すべてが有限差分と一致しました（{tols}）。",
    "check_passed_some": (
        "✓ 合格：{n} 個の微分のうち {k} 個が有限差分と一致しました。残りの {m} 個は有限差分では判定できません"
        "でした（下を参照）。それらについては正しいとも誤りとも言えません（{tols}）。"
    ),
    "check_nothing_one": (
        "？ 何も確認できませんでした：この点では有限差分でこの微分を判定できないため、逆伝播の値が正しいとも"
        "誤りとも言えません（{tols}）。"
    ),
    "check_nothing_many": (
        "？ 何も確認できませんでした：この点では {n} 個の微分のどれも有限差分で判定できないため、逆伝播の値が"
        "正しいとも誤りとも言えません（{tols}）。"
    ),
    "check_failed_one": "✗ 不合格：微分が有限差分と合いませんでした（{tols}）。",
    "check_failed_many": "✗ 不合格：{n} 個の微分のうち {k} 個が有限差分と合いませんでした（{tols}）。",
    "check_note_line": "  {mark} {label}：{status}：{note}",
    "check_how_to_read": (
        "読み方：各行では入力を一つだけ ±h 動かし、出力がどれだけ動くかを測ります（数値的な値）。\n"
        "h、h/2、… での値がまだ変わるあいだは刻み幅を半分にし、それらを組み合わせます（リチャードソン補外）。\n"
        "逆伝播の値（解析的な値）は、許容誤差 = atol + rtol·|値| + 有限差分そのものの誤差の見積もり、の範囲で\n"
        "これと一致しなければなりません。不一致：その入力から出力への経路上のどこかで、微分の規則が間違っています。\n"
        "折れ点：そこで傾きが跳ぶため、一つに決まる微分がありません。有限でない：NaN や無限大が現れたか、\n"
        "動かしたどの点でも関数が定義されていません。判定不能：この点では有限差分で傾きを十分に正確に測れません\n"
        "（丸め誤差、または急すぎる変化のため）。これは不合格ではなく、微分の規則が間違っているという意味でもありません。"
    ),
    "check_of_f": "f",
    "check_point": "{items}",
    "check_list_sep": "、",
    "check_of_loss": "損失",
    "check_of_gradient": "f の勾配",
    "check_value_is": "値が {value} になります",
    "check_undefined": (
        "{what} は {by} = {t}（{by} = {x} から {h} 離れた点）で定義されていません（{error}）。{first} から"
        "小さくしていったどの刻み幅でも定義域の外に出ます。{by} = {x} は定義域の端にあるので、定義域の内側の点で"
        "確かめてください。"
    ),
    "check_center_not_finite": "{what} は {by} = {x} そのもので {value} です。",
    "check_backward_not_finite": (
        "逆伝播は {label} について {value} を返しました。微分の規則のどこかで 0 で割ったか、"
        "オーバーフローしています（x = 0 での 1/(2√x) のように）。"
    ),
    "check_mismatch": "逆伝播の値は {analytic}、{by} を少し動かして測った値は {numeric} です（{ratio}）。",
    "check_ratio": "逆伝播の値/数値的な値 = {ratio}",
    "check_ratio_still": "{by} を動かしても {of} は変わりません",
    "check_blame": (
        "{by} から {of} への経路上のどこかで、微分の規則が間違っています（比が 2 や 0.5 のときは、"
        "連鎖律（チェインルール）の係数を掛け忘れていることがよくあります）。"
    ),
    "check_detached": (
        "逆伝播は {of} の中の {count} 個の値を定数として扱っていますが、{by} を動かすとそれらの値も変わります"
        "（例：{before}{name} → {after}）。no_grad() の中で、または .data から計算されたため、逆伝播には"
        "それらが {by} にどう依存しているかが見えません。"
    ),
    "check_named": "（{label}）",
    "check_kink": (
        "{by} = {x} か、そのごく近くで {of} の傾きが跳んでいます（折れ点、または {of} そのものの段差です）。"
        "すぐ左では約 {left}、すぐ右では約 {right} です。ここには一つに決まる微分がありません"
        "（逆伝播は {analytic} を選びました）。折れ点から離れた点で確かめてください。"
    ),
    "check_unresolved_flat": (
        "この点では有限差分でこの傾きを測りきれません：{of} の丸め誤差のため、精度は約 ±{noise}"
        "（刻み幅 h = {h} まで）にとどまり、傾きそのものの 1% を超えます。{by} を動かしたときの変化に比べて "
        "{of} の値が大きすぎるためです。微分の規則が間違っているという意味ではありません。{by} を動かすと "
        "{of} がもっと大きく変わる点で確かめてください。"
    ),
    "check_unresolved_steep": (
        "この点では有限差分でこの傾きを測りきれません：刻み幅を {first} から {h} まで小さくしても、"
        "見積もりどうしがまだ約 {noise} 食い違い、傾きの 1% を超えます。{by} = {x} の近くで {of} の変化が"
        "急すぎて、浮動小数点数で取れる刻み幅では追いきれないためです。微分の規則が間違っているという意味では"
        "ありません。{of} の変化がもっと緩やかな点で確かめてください。"
    ),
    "check_demo_step1": (
        "1. 新しい演算 sin(x²) を追加し、その微分を手で cos(x²) と書きます。\n"
        "   （連鎖律（チェインルール）によれば正しくは cos(x²)·2x です。内側の係数 2x が抜けています。）\n"
    ),
    "check_demo_formula_wrong": "∂sin(x²)/∂x = cos(x²)   ← 誤り",
    "check_demo_ratio": (
        "\n   逆伝播の値/数値的な値 = {ratio} = 1/{inverse}。x = {x} では 2x = {two_x} なので、"
        "この比はちょうど抜けている係数です。\n"
    ),
    "check_demo_step2": "2. 修正：∂sin(x²)/∂x = cos(x²)·2x。同じ名前なので、演算が置き換わります。\n",
    "check_demo_step3": "\n3. 一つの点で合っても証明にはなりません。ほかの点と、この演算を使うもっと大きな式でも確かめます。",
    "check_demo_point": "   x = {x}、y = 0.7：{verdict}",
    "check_demo_passed": "合格",
    "check_demo_failed": "不合格",
    "check_demo_step4": (
        "\n4. この規則は Value が扱える演算だけで書かれているので、backward(create_graph=True) で\n"
        "   もう一度微分でき、二階微分も確かめられます：\n"
    ),
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
