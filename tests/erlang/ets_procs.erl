-module(ets_procs).
-export([test/0]).
%% Many processes on shared public tables: counters bumped from every
%% process, per-process keys, readers while writers run, a table handed
%% around a ring of processes with give_away, and tables that outlive the
%% collections of the processes that filled them.

test() ->
    [counters(), own_keys(), ring(), gc_heavy()].

counters() ->
    T = ets:new(c, [public, {write_concurrency, true}]),
    ets:insert(T, [{hits, 0}, {misses, 0, 0}]),
    Self = self(),
    Ws = [spawn(fun() ->
                        [begin
                             ets:update_counter(T, hits, 1),
                             ets:update_counter(T, misses, [{2, I}, {3, -1}])
                         end || _ <- lists:seq(1, 200)],
                        Self ! {done, self()}
                end) || I <- lists:seq(1, 25)],
    [receive {done, W} -> ok end || W <- Ws],
    [ets:lookup(T, hits), ets:lookup(T, misses)].

own_keys() ->
    T = ets:new(k, [public, bag]),
    O = ets:new(o, [public, ordered_set]),
    Self = self(),
    Ws = [spawn(fun() ->
                        [ets:insert(T, {I, J}) || J <- lists:seq(1, 50)],
                        [ets:insert(O, {{I, J}, J * J}) || J <- lists:seq(1, 50)],
                        Self ! {done, self(), length(ets:lookup(T, I))}
                end) || I <- lists:seq(1, 20)],
    Lens = [receive {done, W, L} -> L end || W <- Ws],
    [Lens, ets:info(T, size), ets:info(O, size),
     ets:select_count(O, [{{{'$1', '_'}, '_'}, [{'=<', '$1', 5}], [true]}]),
     ets:select(O, [{{{3, '$1'}, '$2'}, [{'<', '$1', 4}], [{{'$1', '$2'}}]}]),
     lists:sum([V || {_, V} <- ets:tab2list(T)])].

%% The table travels along a ring; each holder appends its number.
ring() ->
    Self = self(),
    N = 30,
    T = ets:new(r, [protected, ordered_set]),
    Last = lists:foldl(fun(I, Next) ->
                               spawn(fun() -> holder(I, Next) end)
                       end, Self, lists:seq(N, 1, -1)),
    ets:give_away(T, Last, 0),
    Got = receive {'ETS-TRANSFER', T, _, Sum} -> Sum after 5000 -> timeout end,
    [Got, ets:info(T, size), ets:info(T, owner) == Self, ets:first(T), ets:last(T)].

holder(I, Next) ->
    receive
        {'ETS-TRANSFER', T, _, Acc} ->
            ets:insert(T, {I, self()}),
            ets:give_away(T, Next, Acc + I)
    end.

gc_heavy() ->
    T = ets:new(g, [public, set]),
    Self = self(),
    Ws = [spawn(fun() ->
                        [begin
                             ets:insert(T, {{I, J}, lists:seq(1, J rem 20), <<J:64>>}),
                             _ = [lists:duplicate(10, x) || _ <- lists:seq(1, 20)]
                         end || J <- lists:seq(1, 300)],
                        erlang:garbage_collect(),
                        Self ! done
                end) || I <- lists:seq(1, 10)],
    [receive done -> ok end || _ <- Ws],
    erlang:garbage_collect(),
    Sum = ets:foldl(fun({_, L, <<B:64>>}, A) -> A + length(L) + B end, 0, T),
    [ets:info(T, size), Sum, ets:lookup(T, {7, 299})].
