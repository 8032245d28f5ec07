-module(stdlib_erl_scan).
-export([test/0]).
%% Erl_scan tokenizer.
test() ->
    Ss = ["foo(X, 1.5) -> {ok, <<\"b\">>, 'q a', $c, \"s\"}.", "1 + 2 * 3 div 4 rem 5.", "#{a => 1}#r.f",
          "16#FF 2#101 1_000 1.0e-3 fun M:F/2", "% comment\nx.", "\"unterminated", "X = [H|T] ++ \"ab\" -- [].",
          "<= =< >= == =:= =/= /= ! :: || << >> ->"],
    [erl_scan:string(S) || S <- Ss] ++ [erl_scan:string("a b", {1, 1}), erl_scan:string("x.", 1, [text]),
     erl_scan:reserved_word('case'), erl_scan:reserved_word(foo)].
