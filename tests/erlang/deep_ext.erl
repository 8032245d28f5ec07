-module(deep_ext).
-export([test/0]).
%% term_to_binary/binary_to_term of terms nested 100,000-300,000 levels
%% (tuples, lists, maps inside each other) with no depth limit, as OTP;
%% deep maps compared; and malformed encodings rejected with badarg.
e(F) -> try F() catch C:R -> {C, R} end.
mk(N) -> lists:foldl(fun(I, A) -> {I, [#{k => A}, I]} end, [], lists:seq(1, N)).
mkl(N) -> lists:foldl(fun(_, A) -> [A | x] end, [], lists:seq(1, N)).
test() ->
    X = mk(100000), B = term_to_binary(X), L = mkl(300000), BL = term_to_binary(L),
    [byte_size(B), erlang:md5(B), binary_to_term(B) =:= X, X == mk(100000), X < mk(100001),
     byte_size(BL), binary_to_term(BL) =:= L,
     erlang:md5(term_to_binary(X, [deterministic])),
     binary_to_term(term_to_binary(L, [compressed])) =:= L,
     e(fun() -> binary_to_term(<<131, 116, 0,0,0,2, 97,1, 97,1, 97,1, 97,2>>) end),
     binary_to_term(<<131,108,0,0,0,0,106>>), binary_to_term(<<131,108,0,0,0,0,97,5>>),
     binary_to_term(<<131,104,0>>), binary_to_term(<<131,116,0,0,0,0>>),
     binary_to_term(<<131,108,0,0,0,2,97,1,97,2,97,3>>),
     e(fun() -> binary_to_term(<<131,108,0,0,0,3,97,1>>) end),
     e(fun() -> binary_to_term(<<131,104,2,97,1>>) end),
     e(fun() -> binary_to_term(<<131,116,0,0,0,1,97,1>>) end),
     e(fun() -> binary_to_term(<<131,104,1,104,1,104,1>>) end),
     binary_to_term(<<131,104,1,104,1,104,1,106, 99>>, [used])].
