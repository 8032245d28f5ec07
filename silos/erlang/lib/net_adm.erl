%% net_adm for shale-beam: ping/1 as OTP's (pong once the other node's
%% net_kernel answers is_auth, else pang) and localhost/0.
-module(net_adm).
-export([ping/1, localhost/0]).

ping(Node) when is_atom(Node) ->
    case shale_dist:connect(Node) of
        false -> pang;
        true ->
            Ref = erlang:monitor(process, {net_kernel, Node}),
            {net_kernel, Node} ! {'$gen_call', {self(), Ref}, {is_auth, node()}},
            receive
                {Ref, yes} -> erlang:demonitor(Ref, [flush]), pong;
                {Ref, _} -> erlang:demonitor(Ref, [flush]), pang;
                {'DOWN', Ref, _, _, _} -> pang
            after 10000 ->
                    erlang:demonitor(Ref, [flush]), pang
            end
    end.

localhost() ->
    [_, Host] = string:split(atom_to_list(node()), "@"),
    Host.
