-module(erl_eval_std).
-export([test/0]).
%% Scanning, parsing and evaluating Erlang source with erl_scan, erl_parse
%% and erl_eval, all unmodified from stdlib.
eval(S) ->
    {ok, Toks, _} = erl_scan:string(S),
    {ok, Exprs} = erl_parse:parse_exprs(Toks),
    {value, V, _} = erl_eval:exprs(Exprs, erl_eval:new_bindings()),
    V.
test() ->
    {ok, T1, _} = erl_scan:string("foo(X) -> X + 1."),
    [eval("1 + 2 * 3."), eval("lists:reverse([1, 2, 3])."), eval("X = 5, Y = X * X, {X, Y}."),
     eval("F = fun(A) -> A * 2 end, F(21)."), eval("[X * X || X <- [1, 2, 3]]."),
     eval("case {a, 1} of {a, N} -> N + 1; _ -> no end."), eval("#{a => 1, b => 2}."),
     eval("<<1, 2, 3>>."), eval("try throw(x) catch throw:V -> {caught, V} end."),
     eval("lists:foldl(fun(E, Acc) -> E + Acc end, 0, lists:seq(1, 100))."),
     eval("\"abc\" ++ \"def\"."), eval("if 1 > 2 -> a; true -> b end."),
     length(T1), element(1, hd(T1)), erl_parse:parse_form(T1) =/= error,
     eval("begin R = [1 | [2]], length(R) end."), eval("2.5 * 4."), eval("1 bsl 70."),
     eval("self() ! {a, 1}, self() ! {b, 2}, receive {b, X} -> X end."),
     eval("receive {a, Y} -> Y after 100 -> none end."),
     eval("receive nothing -> yes after 10 -> timed_out end."),
     eval("P = spawn(fun() -> receive {From, N} -> From ! {reply, N * 2} end end), "
          "P ! {self(), 21}, receive {reply, R} -> R end.")].
