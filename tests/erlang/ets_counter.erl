-module(ets_counter).
-export([test/0]).
%% ets:update_counter/3,4 in all its forms (increments, {Pos,Incr},
%% thresholds, lists of operations, default objects) and
%% ets:update_element/3, on set and ordered_set, with the badarg cases.

err(F) -> case catch F() of {'EXIT', {R, _}} -> R; V -> {ok, V} end.

test() ->
    [counters(Type) || Type <- [set, ordered_set]] ++ [elements(Type) || Type <- [set, ordered_set]] ++
        [bad_types()].

counters(Type) ->
    T = ets:new(c, [Type]),
    ets:insert(T, [{a, 0, 10, x}, {b, 5}, {big, 1 bsl 59}]),
    R1 = ets:update_counter(T, a, 1),
    R2 = ets:update_counter(T, a, -3),
    R3 = ets:update_counter(T, a, {3, 5}),
    R4 = ets:update_counter(T, a, [{2, 1}, {3, -1}, {2, 10}]),
    R5 = ets:update_counter(T, a, []),
    R6 = ets:lookup(T, a),
    %% thresholds: increments wrap to SetValue above, decrements below
    R7 = [ets:update_counter(T, b, {2, 3, 10, 0}) || _ <- lists:seq(1, 5)],
    R8 = [ets:update_counter(T, b, {2, -4, 0, 100}) || _ <- lists:seq(1, 4)],
    R9 = ets:update_counter(T, b, [{2, 1, 5, 1}, {2, 1000}]),
    %% into bignums and back
    R10 = ets:update_counter(T, big, 1 bsl 60),
    R11 = ets:update_counter(T, big, -(1 bsl 61)),
    R12 = ets:update_counter(T, big, {2, 0}),
    %% default objects
    R13 = ets:update_counter(T, new1, 5, {anything, 100}),
    R14 = ets:lookup(T, new1),
    R15 = ets:update_counter(T, new1, 5, {anything, 100}),
    R16 = ets:update_counter(T, new2, [{2, 1}, {3, 2}], {x, 0, 0}),
    R17 = ets:lookup(T, new2),
    R18 = ets:update_counter(T, new3, {3, 1, 1, 0}, {x, y, 7}),
    R19 = ets:lookup(T, new3),
    Errs = [err(fun() -> ets:update_counter(T, nokey, 1) end),
            err(fun() -> ets:update_counter(T, a, {1, 1}) end),
            err(fun() -> ets:update_counter(T, a, {4, 1}) end),
            err(fun() -> ets:update_counter(T, a, {5, 1}) end),
            err(fun() -> ets:update_counter(T, a, {0, 1}) end),
            err(fun() -> ets:update_counter(T, a, 1.5) end),
            err(fun() -> ets:update_counter(T, a, {2, a}) end),
            err(fun() -> ets:update_counter(T, a, {2, 1, 2}) end),
            err(fun() -> ets:update_counter(T, a, {2, 1, x, 0}) end),
            err(fun() -> ets:update_counter(T, a, [{2, 1}, {4, 1}]) end),
            err(fun() -> ets:update_counter(T, a, [{2, 1} | x]) end),
            err(fun() -> ets:update_counter(T, nokey, 1, {x}) end),
            err(fun() -> ets:update_counter(T, nokey, 1, notuple) end),
            err(fun() -> ets:update_counter(T, nokey, {2, 1}, {x, y}) end)],
    After = [ets:lookup(T, a), ets:lookup(T, nokey)],
    [R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13, R14, R15, R16, R17,
     R18, R19, Errs, After].

elements(Type) ->
    T = ets:new(e, [Type]),
    ets:insert(T, [{a, 1, 2, 3}, {b, x}]),
    R1 = ets:update_element(T, a, {2, one}),
    R2 = ets:update_element(T, a, [{3, two}, {4, three}, {3, again}]),
    R3 = ets:lookup(T, a),
    R4 = ets:update_element(T, nokey, {2, x}),
    R5 = ets:update_element(T, b, []),
    Errs = [err(fun() -> ets:update_element(T, a, {1, newkey}) end),
            err(fun() -> ets:update_element(T, a, {5, x}) end),
            err(fun() -> ets:update_element(T, a, {0, x}) end),
            err(fun() -> ets:update_element(T, a, [{2, ok}, {9, x}]) end),
            err(fun() -> ets:update_element(T, a, x) end),
            err(fun() -> ets:update_element(T, a, [{2, y} | z]) end)],
    R6 = ets:lookup(T, a),
    [R1, R2, R3, R4, R5, Errs, R6].

bad_types() ->
    B = ets:new(b, [bag]),
    ets:insert(B, {a, 1}),
    D = ets:new(d, [duplicate_bag]),
    ets:insert(D, {a, 1}),
    [err(fun() -> ets:update_counter(B, a, 1) end),
     err(fun() -> ets:update_counter(D, a, 1) end),
     err(fun() -> ets:update_element(B, a, {2, 2}) end),
     err(fun() -> ets:update_counter(B, zz, 1, {zz, 0}) end)].
