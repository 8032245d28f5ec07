%% kvstore: an example key-value store over TCP (silos/erlang/README.md,
%% "Example: kvstore").  A gen_server owns the ETS table kvstore (readers
%% look up directly; writes go through the server so one process orders
%% them) and a pool of acceptor processes; each connection gets a process
%% of its own that reads lines: "PUT k v", "GET k", "DEL k".  A client that
%% sends garbage gets "ERROR ..." and may go on; one that disconnects
%% mid-line ends only its own process.
-module(kvstore).
-behaviour(gen_server).
-export([start/1, stop/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

-define(ACCEPTORS, 2).
-define(LINE_MAX, 4096).

%% {ok, Pid} | {error, R}: the server listening on Port (an integer, or a
%% string or [atom] as `erl -run kvstore start 7000` passes it).  Not linked
%% to the caller, so it outlives the shell that started it.
start([P]) when is_atom(P) -> start(atom_to_list(P));
start([P]) when is_list(P) -> start(P);
start(P) when is_list(P) ->
    try list_to_integer(P) of N -> start(N)
    catch error:badarg -> {error, {bad_port, P}} end;
start(Port) when is_integer(Port) ->
    gen_server:start({local, kvstore}, ?MODULE, Port, []).

%% ok: closes the listener and ends the server (open connections end at
%% their next command).
stop() -> gen_server:stop(kvstore).

init(Port) ->
    case gen_tcp:listen(Port, [binary, {active, false}]) of
        {ok, L} ->
            ets:new(kvstore, [named_table, protected, set]),
            Server = self(),
            [spawn_link(fun() -> acceptor(Server, L) end)
             || _ <- lists:seq(1, ?ACCEPTORS)],
            {ok, #{listener => L}};
        {error, R} -> {stop, {listen, Port, R}}
    end.

handle_call({put, K, V}, _From, S) ->
    ets:insert(kvstore, {K, V}),
    {reply, ok, S};
handle_call({del, K}, _From, S) ->
    R = case ets:member(kvstore, K) of
            true -> ets:delete(kvstore, K), ok;
            false -> not_found
        end,
    {reply, R, S}.

handle_cast(_, S) -> {noreply, S}.

handle_info(_, S) -> {noreply, S}.

terminate(_, #{listener := L}) -> gen_tcp:close(L).

%% An acceptor waits for a client, hands it to a process of its own and
%% waits again: a slow or broken client never holds the pool.
acceptor(Server, L) ->
    case gen_tcp:accept(L) of
        {ok, S} ->
            spawn(fun() -> client(S, <<>>) end),
            acceptor(Server, L);
        {error, closed} -> ok;
        {error, _} -> timer:sleep(100), acceptor(Server, L)
    end.

client(S, Buf) ->
    case binary:split(Buf, <<"\n">>) of
        [Line, Rest] ->
            case gen_tcp:send(S, [answer(trim(Line)), "\n"]) of
                ok -> client(S, Rest);
                _ -> gen_tcp:close(S)
            end;
        [_] when byte_size(Buf) > ?LINE_MAX ->
            gen_tcp:send(S, <<"ERROR line too long\n">>),
            gen_tcp:close(S);
        [_] ->
            case gen_tcp:recv(S, 0) of
                {ok, D} -> client(S, <<Buf/binary, D/binary>>);
                {error, _} -> gen_tcp:close(S)   % gone, maybe mid-line
            end
    end.

trim(L) ->
    case L of
        <<B:(byte_size(L) - 1)/binary, "\r">> -> B;
        _ -> L
    end.

%% The answer to one line, without its newline.
answer(Line) ->
    case binary:split(Line, <<" ">>) of
        [<<"PUT">>, KV] ->
            case binary:split(KV, <<" ">>) of
                [K, V] when K =/= <<>> -> gen_server:call(kvstore, {put, K, V}), <<"OK">>;
                _ -> <<"ERROR bad command">>
            end;
        [<<"GET">>, K] when K =/= <<>> ->
            case ets:lookup(kvstore, K) of
                [{_, V}] -> V;
                [] -> <<"NOT_FOUND">>
            end;
        [<<"DEL">>, K] when K =/= <<>> ->
            case gen_server:call(kvstore, {del, K}) of
                ok -> <<"OK">>;
                not_found -> <<"NOT_FOUND">>
            end;
        _ -> <<"ERROR bad command">>
    end.
