-module(stdlib_erl_parse).
-export([test/0]).
%% Erl_parse and erl_pp.
test() -> strip(test0()).
test0() ->
    Src = ["f(X) when X > 0 -> X * 2; f(_) -> neg.", "-module(m).", "-record(r, {a = 1, b}).",
           "g() -> [X || X <- [1,2], X > 1].", "h(#{a := A}) -> try A catch _:_ -> e after ok end.",
           "k() -> receive {a, B} -> B after 10 -> t end.", "m() -> fun(A) -> A end.", "n() -> <<1:8, B/binary>> = <<>>."],
    [begin {ok, T, _} = erl_scan:string(S), erl_parse:parse_form(T) end || S <- Src] ++
    [begin {ok, T, _} = erl_scan:string(E), erl_parse:parse_exprs(T) end || E <- ["1 + 2.", "A = {b, [c]}, A.", "case x of y -> z end."]] ++
    [begin {ok, T3, _} = erl_scan:string("{a, [1, \"s\"], <<\"b\">>}."), erl_parse:parse_term(T3) end,
     erl_parse:abstract({1, [a], "s"}), erl_parse:normalise({cons, 1, {integer, 1, 1}, {nil, 1}}),
     lists:flatten(erl_pp:expr(element(2, erl_parse:parse_exprs(element(2, erl_scan:string("X + 1 * foo(Y)."))))))].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
