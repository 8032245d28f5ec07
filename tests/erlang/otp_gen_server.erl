-module(otp_gen_server).
-behaviour(gen_server).
-export([test/0, init/1, handle_call/3, handle_cast/2, handle_info/2,
         terminate/2, code_change/3]).
%% gen_server from OTP's stdlib, run unmodified: calls (with aliases and
%% monitors underneath), casts, plain messages, deferred replies, names,
%% timeouts, sys, and stopping.  Nothing here crashes a server, since a
%% crash report's timestamp would differ.
init({counter, N}) -> {ok, N};
init(ignore_me) -> ignore;
init(refuse) -> {stop, refused}.
handle_call(get, _From, N) -> {reply, N, N};
handle_call({add, X}, _From, N) -> {reply, ok, N + X};
handle_call(later, From, N) ->
    spawn(fun() -> gen_server:reply(From, {late, N}) end),
    {noreply, N};
handle_call(nothing, _From, N) -> {noreply, N};
handle_call(stop, _From, N) -> {stop, normal, {stopped, N}, N}.
handle_cast({set, X}, _) -> {noreply, X};
handle_cast(stop, N) -> {stop, {shutdown, cast}, N}.
handle_info({add, X}, N) -> {noreply, N + X};
handle_info(_, N) -> {noreply, N}.
terminate(_, _) -> ok.
code_change(_, N, _) -> {ok, N}.

test() ->
    process_flag(trap_exit, true),
    {ok, P} = gen_server:start_link(?MODULE, {counter, 10}, []),
    A = gen_server:call(P, get),
    ok = gen_server:call(P, {add, 5}),
    P ! {add, 100},
    B = gen_server:call(P, get),
    ok = gen_server:cast(P, {set, 7}),
    C = gen_server:call(P, get),
    L = gen_server:call(P, later),
    T = (catch gen_server:call(P, nothing, 50)),
    {ok, Q} = gen_server:start({local, otp_gs_named}, ?MODULE, {counter, 1}, []),
    D = gen_server:call(otp_gs_named, get),
    Dup = gen_server:start({local, otp_gs_named}, ?MODULE, {counter, 2}, []),
    E = (catch gen_server:call(no_such_server, get, 100)),
    St = sys:get_state(P),
    sys:replace_state(P, fun(S) -> S * 2 end),
    St2 = gen_server:call(P, get),
    Stop = gen_server:call(P, stop),
    Ex = receive {'EXIT', P, R} -> R after 1000 -> none end,
    Ign = gen_server:start(?MODULE, ignore_me, []),
    Ref = gen_server:start(?MODULE, refuse, []),
    Mon = monitor(process, Q),
    ok = gen_server:cast(otp_gs_named, stop),
    Down = receive {'DOWN', Mon, process, Q, DR} -> DR after 1000 -> none end,
    {ok, P2} = gen_server:start(?MODULE, {counter, 3}, []),
    Reqs = [gen_server:send_request(P2, get), gen_server:send_request(P2, {add, 1})],
    Resps = [gen_server:wait_response(Rq, 1000) || Rq <- Reqs],
    Multi = gen_server:call(P2, get),
    ok = gen_server:stop(P2),
    Gone = (catch gen_server:call(P2, get, 100)),
    [A, B, C, L, element(1, element(2, T)), D, element(1, Dup), element(1, E), St, St2, Stop, Ex, Ign,
     Ref, Down, Resps, Multi, element(1, Gone), element(1, element(2, Gone)),
     is_process_alive(P2)].
