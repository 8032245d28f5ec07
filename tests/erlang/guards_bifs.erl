-module(guards_bifs).
-export([test/0]).
%% Type tests and guard BIFs, including failing guards.
test() ->
    Vs = [1, -1, 1.5, a, "s", <<1>>, <<1:1>>, {1}, [], #{}, fun() -> ok end, self() =:= self(), 1 bsl 80],
    [[is_integer(V), is_float(V), is_number(V), is_atom(V), is_list(V), is_binary(V), is_bitstring(V), is_tuple(V),
      is_map(V), is_function(V), is_boolean(V), g(V)] || V <- Vs].
g(X) when is_integer(X), X > 0 -> posint;
g(X) when is_integer(X); is_float(X) -> number;
g(X) when tuple_size(X) == 1 -> tuple1;
g(X) when map_size(X) == 0 -> emptymap;
g(X) when byte_size(X) >= 1, bit_size(X) rem 8 == 0 -> bin;
g(X) when is_function(X, 0) -> fun0;
g(X) when length(X) > 0 -> nonempty;
g(X) when X == [] orelse X == true -> list_or_true;
g(_) -> other.
