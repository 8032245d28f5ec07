-module(records_basic).
-export([test/0]).
%% Records: creation, update, access, matching, guards.
-record(person, {name, age = 0, tags = [] :: list()}).
-record(pt, {x = 0, y = 0}).
test() -> strip(test0()).
test0() ->
    P = #person{name = "ann"},
    P2 = P#person{age = 31, tags = [a]},
    #person{name = N, age = A} = P2,
    [P, P2, N, A, P2#person.age, #person.age, record_info(fields, person), record_info(size, person),
     is_record(P, person), is_record(P, pt), is_record({pt, 1}, pt), [X || #pt{x = X} <- [#pt{x = 1}, #pt{y = 2}, {pt, 3, 4}]],
     f(#pt{x = 5}), f(P), element(1, P), setelement(3, P, 99), catch (P2#pt.x)].
f(#pt{x = X}) when X > 0 -> {pos, X};
f(#person{}) -> person;
f(_) -> other.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
