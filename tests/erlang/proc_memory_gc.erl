-module(proc_memory_gc).
-export([test/0]).
%% process_info(P, memory), the min_heap_size spawn option (rounded to
%% OTP's heap sizes, the heap starting at it) and garbage_collect/1,2.
test() ->
    {memory, M} = process_info(self(), memory),
    P = spawn_opt(fun() -> receive stop -> ok end end, [{min_heap_size, 5000}]),
    {min_heap_size, H} = erlang:process_info(P, min_heap_size),
    {total_heap_size, T} = erlang:process_info(P, total_heap_size),
    {memory, PM} = process_info(P, memory),
    P ! stop,
    [is_integer(M), M > 0, H, T >= 5000, PM > 5000 * 8,
     process_info(self(), [memory]) =/= undefined,
     erlang:garbage_collect(self()), garbage_collect(),
     erlang:garbage_collect(self(), [{type, minor}]),
     erlang:garbage_collect(self(), [{async, r1}]),
     receive {garbage_collect, r1, GC} -> GC after 1000 -> none end,
     erlang:garbage_collect(P2 = spawn(fun() -> ok end)) orelse P2 =:= P2,
     [e(fun() -> erlang:garbage_collect(self(), O) end) || O <- [[{type, x}], [foo], x]],
     [e(fun() -> spawn_opt(fun() -> ok end, [{min_heap_size, V}]) end) || V <- [-1, a]],
     [begin Q = spawn_opt(fun() -> receive _ -> ok end end, [{min_heap_size, V}]),
            {min_heap_size, S} = process_info(Q, min_heap_size), exit(Q, kill), S end
      || V <- [0, 100, 233, 234, 1000, 100000]]].

e(F) -> try F() catch C:R -> {C, R} end.
