%% The shale-beam side of tests/erlang/dist/run_dist.py.
%% serve: a node others reach (an echo server, then waits for stop);
%% client: pings a real erl node and works with it, printing each result.
-module(dist_shale).
-export([serve/0, client/1, waiter/0]).

%% serve() runs in a node started with shale-beam -sname N -setcookie C.
serve() ->
    true = is_alive(),
    register(echo, spawn(fun echo/0)),
    register(dist_shale_main, self()),
    io:format("up ~w~n", [node()]),
    receive stop -> ok after 60000 -> timeout end,
    io:format("stats ~w~n", [shale_dist:stats()]),
    shale_dist:stop().

echo() ->
    receive {From, M} -> From ! {echo, node(), M}, echo() end.

%% spawned by the erl node (spawn/4): ends with reason done on stop.
waiter() -> receive stop -> exit(done) end.

client([Name, Cookie, PeerS]) ->
    Peer = list_to_atom(PeerS),
    {ok, _} = shale_dist:start(list_to_atom(Name), list_to_atom(Cookie)),
    P = fun(Tag, V) -> io:format("~s ~w~n", [Tag, V]) end,
    Ping = net_adm:ping(Peer),
    P("ping", Ping),
    case Ping of
        pong ->
            P("nodes", nodes() =:= [Peer]),
            P("seq", rpc:call(Peer, lists, seq, [1, 10])),
            P("rnode", rpc:call(Peer, erlang, node, []) =:= Peer),
            P("badrpc", element(1, rpc:call(Peer, erlang, error, [boom]))),
            Big = binary:copy(<<"shale">>, 1048576 div 5 + 1),
            {echo, Peer} ! {self(), Big},
            P("big", receive {echo, Peer, B} -> B =:= Big after 10000 -> timeout end),
            Deep = lists:foldl(fun(I, A) -> {I, [A]} end, x, lists:seq(1, 2000)),
            {echo, Peer} ! {self(), Deep},
            P("deep", receive {echo, Peer, D} -> D =:= Deep after 10000 -> timeout end),
            Sleeper = rpc:call(Peer, erlang, spawn, [timer, sleep, [infinity]]),
            P("remote_pid", {is_pid(Sleeper), node(Sleeper) =:= Peer}),
            Ref = erlang:monitor(process, Sleeper),
            monitor_node(Peer, true),
            {dist_peer_main, Peer} ! halt,
            P("down", receive {'DOWN', Ref, process, Sleeper, Why} -> Why
                      after 10000 -> timeout end),
            P("nodedown", receive {nodedown, Peer} -> true after 5000 -> timeout end),
            P("nodes_after", nodes());
        pang -> ok
    end,
    shale_dist:stop().
