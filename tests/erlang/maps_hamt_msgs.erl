-module(maps_hamt_msgs).
-export([test/0]).
%% Big maps built in other processes (through many collections) and sent
%% back as messages keep their content, their hashes and OTP's order.
build(N, S) -> lists:foldl(fun(I, A) -> A#{{I, S} => [I], I * S => <<I:32>>} end, #{}, lists:seq(1, N)).

test() ->
    Self = self(),
    [spawn(fun() ->
                   M = build(3000, S),
                   M2 = maps:filter(fun(K, _) -> is_integer(K) end, M),
                   Self ! {S, M, M2, erlang:phash2(M)}
           end) || S <- lists:seq(1, 6)],
    Rs = [receive {S, M, M2, H} -> {S, M, M2, H} end || S <- lists:seq(1, 6)],
    [[{S, erlang:phash2(M) =:= H, M =:= build(3000, S),
       maps:keys(M2) =:= maps:keys(maps:filter(fun(K, _) -> is_integer(K) end, build(3000, S))),
       lists:sublist(maps:to_list(M2), 5), erlang:md5(term_to_binary(M))} || {S, M, M2, H} <- Rs],
     erlang:garbage_collect(), lists:sum([map_size(M) || {_, M, _, _} <- Rs]),
     [maps:keys(M2) || {_, _, M2, _} <- lists:sublist(Rs, 2)]].
