-module(term_compare_eq).
-export([test/0]).
%% Equality and comparison operators.
test() ->
    P = [{1, 1.0}, {a, a}, {[1], [1.0]}, {{1, 2}, {1.0, 2}}, {<<1>>, <<1>>}, {1 bsl 60, float(1 bsl 60)},
         {0, -0.0}, {0.0, -0.0}, {"a", <<"a">>}, {#{k => 1}, #{k => 1.0}}],
    [{A == B, A =:= B, A /= B, A =/= B, A < B, A >= B, erlang:max(A, B), erlang:min(A, B)} || {A, B} <- P].
