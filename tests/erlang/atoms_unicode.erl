-module(atoms_unicode).
-export([test/0]).

%% Atoms beyond ASCII: Latin-1 and other Unicode characters, written in
%% source, built at run time, converted both ways, compared and encoded.
test() ->
    L = 'café',
    U = '日本',
    L2 = list_to_atom([99, 97, 102, 233]),
    U2 = list_to_atom([26085, 26412]),
    [L, U, L =:= L2, U =:= U2, atom_to_list(L), atom_to_list(U),
     atom_to_binary(L), atom_to_binary(U), atom_to_binary(L, latin1),
     e(fun() -> atom_to_binary(id(U), latin1) end),
     atom_to_binary(L, utf8),
     binary_to_atom(<<"caf", 233>>, latin1) =:= L,
     binary_to_atom(<<"café"/utf8>>, utf8) =:= L,
     binary_to_atom(<<"日本"/utf8>>) =:= U,
     e(fun() -> binary_to_atom(id(<<255, 254>>), utf8) end),
     binary_to_existing_atom(<<"café"/utf8>>) =:= L,
     list_to_existing_atom([26085, 26412]) =:= U,
     length(atom_to_list(list_to_atom(lists:duplicate(255, 1050)))),
     e(fun() -> list_to_atom(lists:duplicate(256, 1050)) end),
     e(fun() -> list_to_atom(id([16#110000])) end),
     lists:sort([U, L, 'cafe', 'zz', 'Ä']),
     L < U, term_to_binary(L), term_to_binary(U),
     binary_to_term(term_to_binary({L, U})) =:= {L, U},
     binary_to_term(<<131, 100, 0, 4, 99, 97, 102, 233>>) =:= L,
     binary_to_term(<<131, 115, 4, 99, 97, 102, 233>>) =:= L,
     io_lib:format("~w ~p ~s", [L, U, [atom_to_list(L)]]),
     erlang:phash2(L), erlang:phash2(U),
     #{L => 1, U => 2}].

e(F) -> try F() catch C:R -> {C, R} end.

id(X) -> X.
