%% The real erl side of tests/erlang/dist/run_dist.py.
-module(dist_peer).
-export([serve/0, client/1, stop/1]).

serve() ->
    register(echo, spawn(fun echo/0)),
    register(dist_peer_main, self()),
    io:format("up ~w~n", [node()]),
    receive halt -> erlang:halt() after 60000 -> erlang:halt() end.

echo() ->
    receive {From, M} -> From ! {echo, node(), M}, echo() end.

client([ShaleS]) ->
    Shale = list_to_atom(ShaleS),
    P = fun(Tag, V) -> io:format("~s ~w~n", [Tag, V]) end,
    Ping = net_adm:ping(Shale),
    P("ping", Ping),
    case Ping of
        pong ->
            P("seq", rpc:call(Shale, lists, seq, [1, 10])),
            P("rnode", rpc:call(Shale, erlang, node, []) =:= Shale),
            P("badrpc", element(1, rpc:call(Shale, erlang, error, [boom]))),
            P("no_token", rpc:call(Shale, file, read_file, ["/etc/hostname"])),
            Big = binary:copy(<<"erl">>, 1048576 div 3 + 1),
            {echo, Shale} ! {self(), Big},
            P("big", receive {echo, Shale, B} -> B =:= Big after 10000 -> timeout end),
            Pid = spawn(Shale, dist_shale, waiter, []),
            P("spawn", node(Pid) =:= Shale),
            Ref = erlang:monitor(process, Pid),
            Pid ! stop,
            P("down", receive {'DOWN', Ref, process, Pid, R} -> R after 10000 -> timeout end),
            Ref2 = erlang:monitor(process, {no_such_name, Shale}),
            P("noproc", receive {'DOWN', Ref2, process, _, R2} -> R2 after 10000 -> timeout end);
        pang -> ok
    end,
    erlang:halt().

%% Tells the shale-beam node serving the test to stop.
stop([ShaleS]) ->
    Shale = list_to_atom(ShaleS),
    pong = net_adm:ping(Shale),
    Ref = erlang:monitor(process, {dist_shale_main, Shale}),
    {dist_shale_main, Shale} ! stop,
    receive {'DOWN', Ref, _, _, _} -> ok after 10000 -> ok end,
    erlang:halt().
