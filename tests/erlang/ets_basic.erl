-module(ets_basic).
-export([test/0]).
%% ETS basics per table type: insert/lookup/delete, bags, keypos, info
%% items, ordered_set traversal, and the badarg cases.
%% Set/bag traversal results are sorted: their keys are atoms, whose OTP
%% hash is not ours (hash order: see README).

err(F) -> case catch F() of {'EXIT', {R, _}} -> R; V -> {ok, V} end.

test() ->
    set_ops() ++ oset_ops() ++ bag_ops() ++ dbag_ops() ++ keypos_ops() ++
        info_ops() ++ errors().

set_ops() ->
    T = ets:new(s, [set]),
    R1 = ets:insert(T, {a, 1}),
    R2 = ets:insert(T, [{b, 2}, {c, 3}, {b, 22}]),
    L1 = ets:lookup(T, b),
    L2 = ets:lookup(T, zz),
    M = [ets:member(T, K) || K <- [a, b, zz]],
    N1 = ets:insert_new(T, {a, 9}),
    N2 = ets:insert_new(T, {d, 4}),
    N3 = ets:insert_new(T, [{e, 5}, {a, 0}]),
    N4 = ets:insert_new(T, [{e, 5}, {f, 6}]),
    E1 = ets:lookup_element(T, c, 2),
    E2 = err(fun() -> ets:lookup_element(T, c, 3) end),
    E3 = err(fun() -> ets:lookup_element(T, nokey, 2) end),
    Tk = ets:take(T, d),
    Tk2 = ets:take(T, d),
    D1 = ets:delete(T, e),
    D2 = ets:delete(T, e),
    DO1 = ets:delete_object(T, {f, 7}),
    S1 = ets:info(T, size),
    DO2 = ets:delete_object(T, {f, 6}),
    S2 = ets:info(T, size),
    All = lists:sort(ets:tab2list(T)),
    %% 1 and 1.0 are different keys in a set
    ets:insert(T, [{1, int}, {1.0, float}]),
    F1 = {ets:lookup(T, 1), ets:lookup(T, 1.0)},
    Keys = lists:sort([{K, is_float(K)} || K <- walk(T, ets:first(T))]),
    DA = ets:delete_all_objects(T),
    S3 = ets:info(T, size),
    Fst = ets:first(T),
    Del = ets:delete(T),
    Gone = ets:info(T),
    [R1, R2, L1, L2, M, N1, N2, N3, N4, E1, E2, E3, Tk, Tk2, D1, D2, DO1, S1,
     DO2, S2, All, F1, Keys, DA, S3, Fst, Del, Gone].

walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].
walk_back(_, '$end_of_table') -> [];
walk_back(T, K) -> [K | walk_back(T, ets:prev(T, K))].

oset_ops() ->
    T = ets:new(o, [ordered_set]),
    ets:insert(T, [{K, V} || {K, V} <- [{5, e}, {3, c}, {z, atom}, {1, a},
                                          {"str", s}, {{t, 1}, tup}, {2.5, f},
                                          {<<"b">>, bin}, {[], nil}, {-7, n}]]),
    Fwd = walk(T, ets:first(T)),
    Back = walk_back(T, ets:last(T)),
    L = ets:tab2list(T),
    %% == keys: 1.0 replaces 1
    ets:insert(T, {1.0, one_float}),
    One = {ets:lookup(T, 1), ets:lookup(T, 1.0), ets:member(T, 1)},
    Nx = [ets:next(T, 2), ets:next(T, 2.9), ets:prev(T, 2.9), ets:next(T, zzz),
          ets:prev(T, -100), ets:next(T, <<"b">>)],
    Sl = [ets:slot(T, 0), ets:slot(T, 3), ets:slot(T, ets:info(T, size)),
          err(fun() -> ets:slot(T, 100) end), err(fun() -> ets:slot(T, -1) end)],
    Tk = ets:take(T, z),
    Sz = ets:info(T, size),
    E = ets:new(o2, [ordered_set]),
    Empty = [ets:first(E), ets:last(E), ets:next(E, x), ets:prev(E, x), ets:tab2list(E)],
    [Fwd, Back, L, One, Nx, Sl, Tk, Sz, Empty].

bag_ops() ->
    T = ets:new(b, [bag]),
    ets:insert(T, {a, 1}),
    ets:insert(T, {a, 2}),
    ets:insert(T, {a, 1}),
    ets:insert(T, {b, 1}),
    ets:insert(T, {a, 0}),
    L1 = ets:lookup(T, a),
    ets:insert(T, [{a, 5}, {a, 6}, {a, 5}]),
    L2 = ets:lookup(T, a),
    S1 = ets:info(T, size),
    E1 = ets:lookup_element(T, a, 2),
    E2 = err(fun() -> ets:lookup_element(T, a, 3) end),
    ets:delete_object(T, {a, 5}),
    L3 = ets:lookup(T, a),
    N1 = ets:insert_new(T, {a, 9}),
    Tk = ets:take(T, b),
    M = ets:member(T, b),
    ets:delete(T, a),
    S2 = ets:info(T, size),
    T2 = ets:new(b2, [bag]),
    ets:insert(T2, [{a, 1}, {a, 2}, {a, 1}, {b, 3}, {a, 0}]),
    L4 = ets:lookup(T2, a),
    Keys = lists:sort(walk(T2, ets:first(T2))),
    [L1, L2, S1, E1, E2, L3, N1, Tk, M, S2, L4, Keys].

dbag_ops() ->
    T = ets:new(d, [duplicate_bag]),
    ets:insert(T, {a, 1}),
    ets:insert(T, {a, 2}),
    ets:insert(T, {a, 1}),
    ets:insert(T, [{a, 5}, {a, 6}, {a, 5}]),
    L1 = ets:lookup(T, a),
    S1 = ets:info(T, size),
    ets:delete_object(T, {a, 5}),
    L2 = ets:lookup(T, a),
    E = ets:lookup_element(T, a, 2),
    Tk = ets:take(T, a),
    S2 = ets:info(T, size),
    [L1, S1, L2, E, Tk, S2].

keypos_ops() ->
    T = ets:new(k, [set, {keypos, 2}]),
    ets:insert(T, [{rec, k1, v1}, {rec, k2, v2}, {other, k1, v3}]),
    L = ets:lookup(T, k1),
    B = err(fun() -> ets:insert(T, {only_one}) end),
    B2 = err(fun() -> ets:insert(T, [{x, k3}, {y}]) end),
    M = ets:member(T, k3),
    O = ets:new(k2, [ordered_set, {keypos, 3}]),
    ets:insert(O, [{x, y, 3}, {x, y, 1}, {x, y, 2}]),
    OL = ets:tab2list(O),
    [L, B, B2, M, OL, ets:info(T, keypos), ets:info(O, keypos)].

info_ops() ->
    Items = [type, keypos, named_table, protection, size, name, heir, node,
             compressed, read_concurrency, write_concurrency,
             decentralized_counters, fixed],
    Ts = [ets:new(i1, []),
          ets:new(i2, [ordered_set, public, {keypos, 2}, compressed]),
          ets:new(i3, [bag, private, {read_concurrency, true},
                       {write_concurrency, true}]),
          ets:new(i4, [duplicate_bag, protected, {decentralized_counters, true},
                       {heir, none}]),
          ets:new(i5, [set, bag, private, public])],
    Is = [[ets:info(T, I) || I <- Items] || T <- Ts],
    Own = [ets:info(T, owner) == self() || T <- Ts],
    Full = [lists:keydelete(owner, 1, lists:keydelete(memory, 1,
                lists:keydelete(id, 1, ets:info(T)))) || T <- Ts],
    Ks = [[K || {K, _} <- ets:info(T)] || T <- Ts],
    IsRef = [is_reference(T) || T <- Ts],
    Mem = [is_integer(ets:info(T, memory)) || T <- Ts],
    Id = [ets:info(T, id) == T || T <- Ts],
    BadItem = err(fun() -> ets:info(hd(Ts), nonsense) end),
    [Is, Own, Full, Ks, IsRef, Mem, Id, BadItem].

errors() ->
    T = ets:new(e, []),
    Dead = ets:new(dead, []),
    ets:delete(Dead),
    [err(fun() -> ets:new("name", []) end),
     err(fun() -> ets:new(n, [bogus]) end),
     err(fun() -> ets:new(n, [{keypos, 0}]) end),
     err(fun() -> ets:new(n, [{keypos, a}]) end),
     err(fun() -> ets:new(n, [{heir, notapid, x}]) end),
     err(fun() -> ets:new(n, [{read_concurrency, maybe}]) end),
     err(fun() -> ets:new(n, set) end),
     err(fun() -> ets:new(n, [set | x]) end),
     err(fun() -> ets:insert(T, notatuple) end),
     err(fun() -> ets:insert(T, {}) end),
     err(fun() -> ets:insert(T, [{a} | b]) end),
     err(fun() -> ets:insert(Dead, {a}) end),
     err(fun() -> ets:lookup(Dead, a) end),
     err(fun() -> ets:lookup(no_such_table, a) end),
     err(fun() -> ets:lookup(42, a) end),
     err(fun() -> ets:delete(Dead) end),
     err(fun() -> ets:first(Dead) end),
     err(fun() -> ets:next(T, missing) end),
     err(fun() -> ets:lookup_element(T, a, 0) end),
     err(fun() -> ets:delete_object(T, notuple) end),
     err(fun() -> ets:insert_new(T, [{a} | b]) end),
     err(fun() -> ets:member(Dead, a) end),
     ets:info(Dead), ets:info(Dead, size), ets:info(no_such_table, size),
     err(fun() -> ets:info(42) end),
     err(fun() -> ets:info("x", size) end)].
