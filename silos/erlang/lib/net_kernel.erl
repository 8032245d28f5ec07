%% net_kernel for shale-beam: the server other nodes' net_adm:ping
%% asks ({is_auth, Node} -> yes), and the calls programs use to start
%% distribution and connect.  The carrier itself is shale_dist.
-module(net_kernel).
-export([start/1, start/2, stop/0, connect_node/1, start_server/0]).
-export([server/0]).

%% start([Name | _]): this node becomes Name (cookie: ~/.erlang.cookie,
%% or erlang:set_cookie/1 before).
start([Name | _]) -> start(Name, #{}).
start(Name, _Opts) ->
    case shale_dist:start(Name) of
        {ok, _} -> {ok, whereis(net_kernel)};
        Err -> Err
    end.

stop() -> shale_dist:stop().

connect_node(Node) -> shale_dist:connect(Node).

%% Started by shale_dist once the node is alive.
start_server() ->
    case whereis(net_kernel) of
        undefined -> register(net_kernel, spawn(?MODULE, server, []));
        _ -> true
    end.

server() ->
    receive
        {'$gen_call', From, {is_auth, _Node}} -> reply(From, yes);
        {'$gen_call', From, _} -> reply(From, {error, unsupported});
        _ -> ok
    end,
    server().

%% gen:reply/2: to the alias when the caller sent one, as OTP 24+ does.
reply({_, [alias | Alias] = Tag}, R) -> Alias ! {Tag, R};
reply({Pid, Tag}, R) -> Pid ! {Tag, R}.
