-module(conversions).
-export([test/0]).
reason({'EXIT', {R, _}}) -> {'EXIT', R};
reason(V) -> V.
%% Conversions between atoms, lists, integers, binaries.
test() ->
    [atom_to_list(hello), list_to_atom("with space"), list_to_existing_atom("hello"),
     integer_to_list(-255), integer_to_list(255, 2), list_to_integer("-0042"), list_to_integer("zz", 36),
     reason(catch list_to_integer("12x")), reason(catch list_to_integer("")), tuple_to_list({1, {2}}),
     list_to_tuple("ab"), binary_to_list(<<"xyz">>), atom_to_binary('ü', utf8),
     erlang:binary_to_atom(<<"üx"/utf8>>, utf8), atom_to_list('ü'), length(atom_to_list('€')),
     unicode:characters_to_list(<<"héllo"/utf8>>), unicode:characters_to_binary("héllo"),
     unicode:characters_to_binary([<<"a">>, "b", $c]), unicode:characters_to_list(<<233>>, latin1),
     term_to_binary(hello), term_to_binary([1, 2, 3]), term_to_binary(-1), term_to_binary(1 bsl 40),
     term_to_binary(<<1:3>>), term_to_binary({}), term_to_binary("x"), term_to_binary(3.0),
     binary_to_term(<<131, 100, 0, 3, 97, 98, 99>>), reason(catch binary_to_term(<<1, 2>>)),
     integer_to_binary(1 bsl 65), list_to_binary([]), erlang:list_to_bitstring([<<1>>, 2]),
     float(3), erlang:phash2(x) =:= erlang:phash2(x)].
