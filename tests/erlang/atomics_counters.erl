-module(atomics_counters).
-export([test/0]).
%% atomics and counters: signed and unsigned arrays, wrap-around, the
%% exchange operations, info, sharing between processes, and badarg for
%% every bad index, value, option and reference.
e(F) -> try F() catch C:R -> {C, R} end.
test() ->
    A = atomics:new(3, []),
    U = atomics:new(2, [{signed, false}]),
    ok = atomics:put(A, 1, 41),
    R1 = [atomics:add_get(A, 1, 1), atomics:get(A, 1), atomics:get(A, 3)],
    ok = atomics:put(A, 2, 1 bsl 63 - 1),
    R2 = [atomics:add_get(A, 2, 1), atomics:sub_get(A, 2, 1), atomics:exchange(A, 3, -5),
          atomics:compare_exchange(A, 3, -5, 7), atomics:compare_exchange(A, 3, 0, 9),
          atomics:get(A, 3)],
    R3 = [atomics:add_get(U, 1, -1), atomics:add_get(U, 1, 2), atomics:sub_get(U, 2, 1),
          atomics:exchange(U, 2, 1 bsl 64 - 1), atomics:get(U, 2)],
    ok = atomics:add(A, 1, 1 bsl 64 - 1),
    ok = atomics:sub(A, 1, 5),
    R4 = atomics:get(A, 1),
    I = [atomics:info(A), atomics:info(U)],
    Bad = [e(fun() -> atomics:new(0, []) end), e(fun() -> atomics:new(a, []) end),
           e(fun() -> atomics:new(1, [{signed, maybe}]) end), e(fun() -> atomics:new(1, [bogus]) end),
           e(fun() -> atomics:get(A, 0) end), e(fun() -> atomics:get(A, 4) end),
           e(fun() -> atomics:put(U, 1, -1) end), e(fun() -> atomics:put(A, 1, 1 bsl 63) end),
           e(fun() -> atomics:add(A, 1, 1 bsl 64) end), e(fun() -> atomics:get(make_ref(), 1) end),
           e(fun() -> atomics:get(self(), 1) end), e(fun() -> atomics:add(A, 1, 1.0) end),
           e(fun() -> atomics:compare_exchange(U, 1, -1, 0) end)],
    C = counters:new(2, []),
    W = counters:new(1, [write_concurrency]),
    ok = counters:add(C, 1, 10), ok = counters:sub(C, 2, 3), ok = counters:put(W, 1, 99),
    Parent = self(),
    [spawn(fun() -> counters:add(C, 1, 1), atomics:add(A, 3, 1), Parent ! done end) || _ <- lists:seq(1, 50)],
    [receive done -> ok end || _ <- lists:seq(1, 50)],
    R5 = [counters:get(C, 1), counters:get(C, 2), counters:get(W, 1), atomics:get(A, 3),
          counters:info(C), element(1, C), element(1, W), is_reference(element(2, C))],
    Bad2 = [e(fun() -> counters:new(0, []) end), e(fun() -> counters:new(1, [bogus]) end),
            e(fun() -> counters:get(C, 3) end), e(fun() -> counters:add(C, 1, 1 bsl 64) end),
            e(fun() -> counters:get({atomics, make_ref()}, 1) end), e(fun() -> counters:get(x, 1) end)],
    [R1, R2, R3, R4, I, Bad, R5, Bad2].
