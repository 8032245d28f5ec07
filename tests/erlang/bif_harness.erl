%% The generated BIF comparison's runner (tests/erlang/bif_compare.py).
%% Runs under erl and under shale-beam alike: main([CasesModule, First]) calls
%% every case CasesModule:cases() lists from index First on -- {Index, M, F, ArgIndices} --
%% each in a fresh process, and prints one line "@@R Index Outcome" per case.
%% The outcome is {ok, Value} or {Class, Reason}, with pids, references,
%% ports and funs replaced by placeholders so that two VMs can agree.
-module(bif_harness).
-export([main/1, values/0]).

main([CasesMod, First]) ->
    Mod = list_to_atom(CasesMod),
    Start = list_to_integer(First),
    Vals = list_to_tuple(values()),
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    Ctx = {Vals, Dead, make_ref()},
    lists:foreach(fun(C) -> run_case(Ctx, C) end,
                  [C || C <- Mod:cases(), element(1, C) >= Start]),
    io:format("@@END~n"),
    done.

wait_dead(P) ->
    Ref = erlang:monitor(process, P),
    receive {'DOWN', Ref, _, _, _} -> ok end.

run_case({Vals, Dead, Ref}, {Index, M, F, Idx}) ->
    %% Unbuffered, so that a crash is pinned on the case that caused it.
    io:format(standard_error, "@@S ~w~n", [Index]),
    Parent = self(),
    W = spawn(fun() ->
                  Args = [arg(I, Vals, Dead, Ref) || I <- Idx],
                  R = try {ok, apply(M, F, Args)}
                      catch C:E -> {C, E}
                      end,
                  Parent ! {self(), norm(R)}
              end),
    Mon = erlang:monitor(process, W),
    Out = receive
              {W, R} ->
                  receive {'DOWN', Mon, process, W, _} -> ok after 2000 -> ok end,
                  R;
              {'DOWN', Mon, process, W, Why} -> {died, norm(Why)}
          after 10000 ->
              exit(W, kill),
              receive {'DOWN', Mon, process, W, _} -> ok end,
              timeout
          end,
    flush(),
    io:format("@@R ~w ~w~n", [Index, Out]).

flush() ->
    receive _ -> flush() after 0 -> ok end.

%% Index 0 is the calling process itself, 1 a dead pid, 2 a reference made
%% once; the rest index values().
arg(0, _, _, _) -> self();
arg(1, _, Dead, _) -> Dead;
arg(2, _, _, Ref) -> Ref;
arg(I, Vals, _, _) -> element(I - 2, Vals).

%% Every type and its edge values.  The order is the index the cases use
%% (from 3 on); keep it stable, bif_compare.py knows only the count.
values() ->
    Big = list_to_binary(lists:seq(0, 255)),
    <<_:3/binary, Sub:5/binary, _/binary>> = Big,
    Deep = lists:foldl(fun(_, A) -> [A] end, [], lists:seq(1, 200)),
    DeepT = lists:foldl(fun(_, A) -> {A} end, {}, lists:seq(1, 200)),
    BigMap = maps:from_list([{K, K * 2} || K <- lists:seq(1, 40)]),
    [a, '', true, false, undefined, infinity, ok,
     list_to_atom([233, 120]), list_to_atom([1050, 1100]),
     0, 1, -1, 2, 7, 255, 256, 65535, 1114111, 1114112,
     (1 bsl 59) - 1, 1 bsl 59, -(1 bsl 59), -(1 bsl 59) - 1,
     1 bsl 64, -(1 bsl 64), 1 bsl 200, -(1 bsl 1000),
     0.0, -0.0, 1.5, -2.5, 1.0e308, 5.0e-324, 1.0e16, 3.0,
     [], [1, 2, 3], "abc", [a | b], [1 | 2], [[]], [<<"ab">>, "c", 100],
     [[1, [2]], 3], [256, 1114112], [-1], [x, y], [{a, 1}, {b, 2}],
     [binary, {min_heap_size, -1}], "1.5", "123", "-0.0", "1e5", " 1",
     [233, 1050], "a\0b",
     <<>>, <<"abc">>, <<0, 255, 128>>, Sub, <<1:3>>, <<255, 7:4>>,
     <<"é"/utf8>>, <<233>>, Big, <<"1.5">>, <<"123">>, <<131, 100>>,
     term_to_binary({a, [1, 2], <<"x">>}),
     {}, {a}, {1, 2, 3}, {a, b, c, d}, {ok, 1}, {[], <<>>},
     #{}, #{a => 1}, #{1 => a, <<"k">> => [x]}, BigMap,
     fun(X) -> X end, fun() -> ok end, fun(X, Y) -> {X, Y} end,
     fun erlang:abs/1, fun lists:reverse/1,
     Deep, DeepT].

%% Placeholders for what differs between runs or VMs.
norm(T) when is_pid(T) -> pid;
norm(T) when is_reference(T) -> ref;
norm(T) when is_port(T) -> port;
norm(T) when is_function(T) -> 'fun';
norm([H | T]) -> [norm(H) | norm_tail(T)];
norm(T) when is_tuple(T) -> list_to_tuple([norm(E) || E <- tuple_to_list(T)]);
norm(T) when is_map(T) ->
    maps:from_list([{norm(K), norm(V)} || {K, V} <- maps:to_list(T)]);
norm(T) -> T.

norm_tail([H | T]) -> [norm(H) | norm_tail(T)];
norm_tail(T) -> norm(T).
