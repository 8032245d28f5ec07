-module(tuples_records).
-export([test/0]).
reason({'EXIT', {R, _}}) -> {'EXIT', R};
reason(V) -> V.
-record(person, {name, age = 0, tags = []}).
%% Tuples and records.
test() ->
    P = #person{name = "Ann", age = 33},
    Q = P#person{age = 34, tags = [x]},
    T = {a, b, c},
    [P, Q, Q#person.age, #person.age, is_record(P, person), is_record(T, person),
     element(2, T), setelement(2, T, z), tuple_size(T), tuple_to_list(T),
     list_to_tuple([1, 2]), erlang:make_tuple(3, q), erlang:make_tuple(4, 0, [{2, a}, {4, b}]),
     erlang:append_element(T, d), erlang:insert_element(1, T, s), erlang:delete_element(3, T),
     size(T), {}, {{}}, case Q of #person{name = N, age = A} when A > 30 -> {N, A} end,
     [X || #person{age = X} <- [P, Q]], reason(catch element(5, T)), reason(catch setelement(0, T, x))].
