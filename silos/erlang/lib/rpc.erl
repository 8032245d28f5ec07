%% rpc for shale-beam: call/4,5 and cast/4 to any node through its rex
%% server (the OTP protocol every OTP 25 node still serves:
%% {call, M, F, A, GroupLeader} as a gen_server call), and this node's
%% rex, which runs such calls from other nodes.
-module(rpc).
-export([call/4, call/5, cast/4, start_server/0]).
-export([server/0]).

call(N, M, F, A) -> call(N, M, F, A, infinity).

call(N, M, F, A, _T) when N =:= node() -> local(M, F, A);
call(N, M, F, A, T) when is_atom(N), is_atom(M), is_atom(F), is_list(A) ->
    case shale_dist:connect(N) of
        false -> {badrpc, nodedown};
        true ->
            Ref = erlang:monitor(process, {rex, N}),
            {rex, N} ! {'$gen_call', {self(), Ref}, {call, M, F, A, group_leader()}},
            receive
                {Ref, Reply} -> erlang:demonitor(Ref, [flush]), Reply;
                {'DOWN', Ref, _, _, noconnection} -> {badrpc, nodedown};
                {'DOWN', Ref, _, _, Why} -> {badrpc, {'EXIT', Why}}
            after T ->
                    erlang:demonitor(Ref, [flush]), {badrpc, timeout}
            end
    end.

cast(N, M, F, A) ->
    _ = shale_dist:connect(N),
    {rex, N} ! {'$gen_cast', {cast, M, F, A, group_leader()}},
    true.

local(M, F, A) ->
    try apply(M, F, A)
    catch
        throw:V -> V;
        exit:R -> {badrpc, {'EXIT', R}};
        error:R:St -> {badrpc, {'EXIT', {R, St}}}
    end.

start_server() ->
    case whereis(rex) of
        undefined -> register(rex, spawn(?MODULE, server, []));
        _ -> true
    end.

server() ->
    receive
        {'$gen_call', From, {call, M, F, A, GL}} ->
            spawn(fun() -> group_leader(GL, self()), reply(From, local(M, F, A)) end);
        {'$gen_cast', {cast, M, F, A, GL}} ->
            spawn(fun() -> group_leader(GL, self()), local(M, F, A) end);
        _ -> ok
    end,
    server().

reply({_, [alias | Alias] = Tag}, R) -> Alias ! {Tag, R};
reply({Pid, Tag}, R) -> Pid ! {Tag, R}.
