-module(atoms_ops).
-export([test/0]).
%% Atom BIFs and quoting.
test() -> strip(test0()).
test0() ->
    [atom_to_list('hello world'), list_to_atom("a-b"), list_to_existing_atom("ok"), catch list_to_existing_atom("zz_surely_not_existing_q"),
     atom_to_binary('é', utf8), atom_to_binary('é', latin1), binary_to_atom(<<"é"/utf8>>, utf8), is_atom(true), is_boolean(false),
     is_boolean(maybe), 'true' =:= true, length(atom_to_list(list_to_atom(lists:duplicate(255, $a)))),
     catch list_to_atom(lists:duplicate(256, $a)), [A || A <- [a, 'B', '1', 'if', 'a.b', 'Ärger'], is_atom(A)]].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
