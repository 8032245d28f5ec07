-module(ets_big).
-export([test/0]).
%% Big tables: 100,000 objects in each table type; lookups, counters,
%% ordered traversal, select over everything, deletes, binaries and
%% deep terms stored off the heap, and a table surviving collections.

test() ->
    N = 100000,
    [set_big(N), oset_big(N), bag_big(N), stored_terms(), churn(), many_tables()].

%% Thousands of tables, named and not, owned by many processes.
many_tables() ->
    Ts = [ets:new(t, [public]) || _ <- lists:seq(1, 3000)],
    Names = [list_to_atom("ets_big_" ++ integer_to_list(I)) || I <- lists:seq(1, 500)],
    [ets:new(Nm, [named_table, public]) || Nm <- Names],
    [ets:insert(T, {k, I}) || {T, I} <- lists:zip(Ts, lists:seq(1, 3000))],
    [ets:insert(Nm, {k, Nm}) || Nm <- Names],
    S1 = lists:sum([ets:lookup_element(T, k, 2) || T <- Ts]),
    S2 = length([Nm || Nm <- Names, ets:lookup(Nm, k) == [{k, Nm}]]),
    All = ets:all(),
    In = {length([T || T <- Ts, lists:member(T, All)]),
          length([Nm || Nm <- Names, lists:member(Nm, All)])},
    [ets:rename(Nm, list_to_atom(atom_to_list(Nm) ++ "_r")) || Nm <- lists:sublist(Names, 100)],
    R = {ets:info(ets_big_1, name), ets:info(ets_big_1_r, name), ets:info(ets_big_101, size)},
    [ets:delete(T) || T <- lists:sublist(Ts, 1000)],
    Left = length([T || T <- Ts, ets:info(T) =/= undefined]),
    %% tables of processes that end go with them
    Self = self(),
    Pids = [spawn(fun() -> [ets:new(x, []) || _ <- lists:seq(1, 10)],
                           Self ! {made, self(), [T || T <- ets:all(), is_reference(T),
                                                       ets:info(T, owner) == self()]} end)
            || _ <- lists:seq(1, 50)],
    Owned = lists:append([receive {made, P, L} -> L end || P <- Pids]),
    [wait_dead(P) || P <- Pids],
    Gone = length([T || T <- Owned, ets:info(T) == undefined]),
    [S1, S2, In, R, Left, length(Owned), Gone].

wait_dead(P) ->
    case is_process_alive(P) of
        true -> receive after 1 -> wait_dead(P) end;
        false -> ok
    end.

set_big(N) ->
    T = ets:new(s, [set, public]),
    [ets:insert(T, {I, I * 2, integer_to_list(I)}) || I <- lists:seq(1, N)],
    Sz = ets:info(T, size),
    Look = [ets:lookup(T, I) || I <- [1, 500, 99999, N, N + 1, 0, -1]],
    Hits = length([I || I <- lists:seq(1, N, 7), ets:member(T, I)]),
    Sum = ets:foldl(fun({_, D, _}, A) -> A + D end, 0, T),
    Cnt = ets:select_count(T, [{{'$1', '_', '_'}, [{'==', {'rem', '$1', 3}, 0}], [true]}]),
    Sel = ets:select(T, [{{'$1', '_', '$2'}, [{'>', '$1', N - 3}], ['$2']}]),   % OTP's hash order
    [ets:update_counter(T, I, {2, 1}) || I <- lists:seq(1, N, 2)],
    Sum2 = ets:foldl(fun({_, D, _}, A) -> A + D end, 0, T),
    Del = ets:select_delete(T, [{{'$1', '_', '_'}, [{'>', '$1', N div 2}], [true]}]),
    Sz2 = ets:info(T, size),
    [ets:delete(T, I) || I <- lists:seq(1, N div 2, 2)],
    Sz3 = ets:info(T, size),
    Keys = ets:select(T, [{{'$1', '_', '_'}, [{'<', '$1', 20}], ['$1']}]),
    [Sz, Look, Hits, Sum, Cnt, Sel, Sum2, Del, Sz2, Sz3, Keys].

oset_big(N) ->
    T = ets:new(o, [ordered_set]),
    %% insert in a scrambled order
    [ets:insert(T, {(I * 7919) rem N, I}) || I <- lists:seq(1, N)],
    Sz = ets:info(T, size),
    F = ets:first(T),
    L = ets:last(T),
    Walk = walk(T, ets:first(T), 0),
    Nx = [ets:next(T, 5000), ets:prev(T, 5000), ets:next(T, 5000.5), ets:prev(T, -1)],
    Slot = ets:slot(T, 12345),
    Rng = ets:select(T, [{{'$1', '$2'}, [{'>=', '$1', 50000}, {'<', '$1', 50005}], [{{'$1', '$2'}}]}]),
    Rev = ets:select_reverse(T, [{{'$1', '_'}, [{'>', '$1', N - 5}], ['$1']}]),
    Chunks = count_chunks(ets:select(T, [{{'$1', '_'}, [], ['$1']}], 1000), 0, 0),
    [ets:delete(T, K) || K <- lists:seq(0, N - 1, 3)],
    Sz2 = ets:info(T, size),
    Walk2 = walk(T, ets:first(T), 0),
    Fst = [ets:first(T), ets:next(T, ets:first(T)), ets:last(T)],
    [Sz, F, L, Walk, Nx, Slot, Rng, Rev, Chunks, Sz2, Walk2, Fst].

walk(_, '$end_of_table', C) -> C;
walk(T, K, C) -> walk(T, ets:next(T, K), C + 1).

count_chunks('$end_of_table', C, S) -> {C, S};
count_chunks({R, Cont}, C, S) -> count_chunks(ets:select(Cont), C + 1, S + lists:sum(R)).

bag_big(N) ->
    T = ets:new(b, [bag]),
    D = ets:new(d, [duplicate_bag]),
    [ets:insert(X, {I rem 1000, I}) || I <- lists:seq(1, N), X <- [T, D]],
    [ets:insert(D, {I, dup}) || I <- lists:seq(0, 9)],
    [ets:insert(D, {I, dup}) || I <- lists:seq(0, 9)],
    [ets:insert(T, {I, dup}) || I <- lists:seq(0, 9)],
    [ets:insert(T, {I, dup}) || I <- lists:seq(0, 9)],
    R = [ets:info(T, size), ets:info(D, size), length(ets:lookup(T, 7)), length(ets:lookup(D, 7)),
         lists:sum([V || {_, V} <- ets:lookup(T, 999)]),
         ets:select_count(T, [{{5, '_'}, [], [true]}])],
    ets:delete_object(D, {3, dup}),
    ets:delete(T, 4),
    R ++ [ets:info(T, size), ets:info(D, size), length(ets:lookup(D, 3))].

stored_terms() ->
    T = ets:new(st, [set]),
    Big = lists:seq(1, 5000),
    Bin = list_to_binary(lists:duplicate(1000, $x)),
    Deep = lists:foldl(fun(I, Acc) -> {I, Acc} end, leaf, lists:seq(1, 2000)),
    M = maps:from_list([{I, I * I} || I <- lists:seq(1, 100)]),
    F = fun(X) -> X + 1 end,
    ets:insert(T, [{list, Big}, {bin, Bin}, {sub, binary:part(Bin, 10, 5)}, {deep, Deep},
                   {map, M}, {fun1, F}, {float, 1.5e300}, {bignum, 1 bsl 200}]),
    %% churn the heap so that a copy that shared the heap would break
    _ = [lists:seq(1, 100) || _ <- lists:seq(1, 2000)],
    erlang:garbage_collect(),
    [{list, Big2}] = ets:lookup(T, list),
    [{fun1, F2}] = ets:lookup(T, fun1),
    [Big2 =:= Big, ets:lookup(T, bin) =:= [{bin, Bin}], ets:lookup(T, sub),
     ets:lookup(T, deep) =:= [{deep, Deep}], ets:lookup_element(T, map, 2) =:= M,
     F2(41), ets:lookup(T, float), ets:lookup(T, bignum),
     byte_size(ets:lookup_element(T, bin, 2))].

churn() ->
    T = ets:new(c, [set]),
    Loop = fun L(0, Acc) -> Acc;
               L(I, Acc) ->
                   K = I rem 500,
                   ets:insert(T, {K, lists:duplicate(K rem 10, I)}),
                   case I rem 3 of 0 -> ets:delete(T, (K * 7) rem 500); _ -> ok end,
                   L(I - 1, Acc + ets:info(T, size))
           end,
    S = Loop(50000, 0),
    [S, ets:info(T, size), lists:sum([length(V) || {_, V} <- ets:tab2list(T)])].
