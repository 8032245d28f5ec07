-module(call_server).
-export([test/0]).
%% A gen_server-like call/reply loop with refs.
test() ->
    Srv = spawn(fun() -> loop(#{}) end),
    R = [call(Srv, {put, k, 1}), call(Srv, {put, j, 2}), call(Srv, {get, k}), call(Srv, {get, z}), call(Srv, keys),
         call(Srv, {del, k}), call(Srv, keys)],
    Srv ! stop, R.
call(P, Req) -> Ref = make_ref(), P ! {self(), Ref, Req}, receive {Ref, Rep} -> Rep after 1000 -> timeout end.
loop(S) ->
    receive
        {F, R, {put, K, V}} -> F ! {R, ok}, loop(S#{K => V});
        {F, R, {get, K}} -> F ! {R, maps:find(K, S)}, loop(S);
        {F, R, {del, K}} -> F ! {R, ok}, loop(maps:remove(K, S));
        {F, R, keys} -> F ! {R, lists:sort(maps:keys(S))}, loop(S);
        stop -> ok
    end.
