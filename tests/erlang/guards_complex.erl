-module(guards_complex).
-export([test/0]).
%% Guard combinations with andalso/orelse and failing guard BIFs.
test() ->
    [f(X) || X <- [0, 5, 10, 15, 20, -3, 3.0, foo, {a, 1}, [1, 2, 3], <<"abc">>]].
f(X) when X > 0 andalso X < 10 -> small;
f(X) when (X >= 10 andalso X < 20) orelse X =:= -3 -> medium;
f(X) when not is_number(X), is_atom(X) -> atom;
f(X) when element(1, X) =:= a -> tuple_a;
f(X) when hd(X) =:= 1, length(X) =:= 3 -> list3;
f(X) when binary_part(X, 0, 1) =:= <<"a">> -> bin_a;
f(X) when abs(X) == 0; float(X) > 2.0 -> zero_or_float;
f(_) -> other.
