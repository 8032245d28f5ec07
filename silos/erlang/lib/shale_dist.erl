%% shale_dist: the distribution carrier of shale-beam.  One process,
%% registered as shale_dist, that registers the node with epmd, listens,
%% connects, runs OTP 25's handshake (version 6, MD5 cookie challenge)
%% and speaks the distribution protocol (pass-through headers, no atom
%% cache) with the other nodes over TCP (the shale_dsock BIFs).
%%
%% The runtime hands it every message for another node as
%% {'$dist_send', Dest, Msg} (dist.c), and monitors, links and node
%% monitors of other nodes' processes; it delivers what arrives.
%% Sockets are non-blocking and polled: at once while traffic flows,
%% then backing off to every 20 ms.
-module(shale_dist).
-export([start/1, start/2, stop/0, connect/1, info/0, stats/0]).
-export([start_cli/2]).
-export([init/3]).

%% distribution flags (OTP's dist.hrl)
-define(DFLAG_PUBLISHED, 16#1).
-define(DFLAG_EXTENDED_REFERENCES, 16#4).
-define(DFLAG_DIST_MONITOR, 16#8).
-define(DFLAG_FUN_TAGS, 16#10).
-define(DFLAG_DIST_MONITOR_NAME, 16#20).
-define(DFLAG_NEW_FUN_TAGS, 16#80).
-define(DFLAG_EXTENDED_PIDS_PORTS, 16#100).
-define(DFLAG_EXPORT_PTR_TAG, 16#200).
-define(DFLAG_BIT_BINARIES, 16#400).
-define(DFLAG_NEW_FLOATS, 16#800).
-define(DFLAG_UTF8_ATOMS, 16#10000).
-define(DFLAG_MAP_TAG, 16#20000).
-define(DFLAG_BIG_CREATION, 16#40000).
-define(DFLAG_HANDSHAKE_23, 16#1000000).
-define(DFLAG_MANDATORY_25_DIGEST, 16#4000000).
-define(DFLAG_SPAWN, (1 bsl 32)).
-define(DFLAG_ALIAS, (1 bsl 35)).
-define(MANDATORY, (?DFLAG_EXTENDED_REFERENCES bor ?DFLAG_FUN_TAGS bor
                    ?DFLAG_EXTENDED_PIDS_PORTS bor ?DFLAG_UTF8_ATOMS bor
                    ?DFLAG_NEW_FUN_TAGS bor ?DFLAG_BIG_CREATION bor
                    ?DFLAG_NEW_FLOATS bor ?DFLAG_MAP_TAG bor
                    ?DFLAG_EXPORT_PTR_TAG bor ?DFLAG_BIT_BINARIES bor
                    ?DFLAG_HANDSHAKE_23)).
-define(OUR_FLAGS, (?MANDATORY bor ?DFLAG_PUBLISHED bor ?DFLAG_DIST_MONITOR bor
                    ?DFLAG_DIST_MONITOR_NAME bor ?DFLAG_MANDATORY_25_DIGEST bor
                    ?DFLAG_SPAWN bor ?DFLAG_ALIAS)).

-define(LOOPBACK, {127, 0, 0, 1}).
-define(TICK_MS, 15000).          % net_ticktime 60 s, as erl's default
-define(TIMEOUT_MS, 60000).
-define(HANDSHAKE_MS, 7000).

%% start(Name) / start(Name, Cookie): make this node Name (an atom
%% 'name@host' or 'name', to which the host's short name is added) with
%% Cookie (an atom; default: ~/.erlang.cookie).  {ok, Pid} or {error, Why}.
start(Name) -> start(Name, default_cookie()).
start(Name, Cookie) when is_atom(Name), is_atom(Cookie) ->
    case whereis(shale_dist) of
        undefined ->
            Me = self(),
            Pid = spawn(?MODULE, init, [Me, full_name(Name), Cookie]),
            Ref = erlang:monitor(process, Pid),
            receive
                {Pid, Result} -> erlang:demonitor(Ref, [flush]), Result;
                {'DOWN', Ref, process, Pid, Why} -> {error, Why}
            end;
        Pid -> {error, {already_started, Pid}}
    end.

%% shale-beam -sname NAME [-setcookie C] (cli.c): start or fail.
start_cli(Name, "") -> start_cli(Name, atom_to_list(default_cookie()));
start_cli(Name, Cookie) ->
    case start(list_to_atom(Name), list_to_atom(Cookie)) of
        {ok, _} -> ok;
        {error, Why} ->
            io:format(standard_error, "shale-beam: ~0p~n", [Why]),
            erlang:error(Why)
    end.

stop() -> call(stop).

%% connect(Node): true once a connection to Node is up, false if none
%% could be made.
connect(Node) when is_atom(Node) ->
    case Node =:= node() of
        true -> true;
        false -> case whereis(shale_dist) of
                     undefined -> false;
                     _ -> call({connect, Node})
                 end
    end.

%% info(): [{Node, Props}] of the connections; stats(): counters.
info() -> call(info).
stats() -> call(stats).

call(Req) ->
    case whereis(shale_dist) of
        undefined -> erlang:error(not_alive);
        Pid ->
            Ref = erlang:monitor(process, Pid),
            Pid ! {'$dist_call', self(), Ref, Req},
            receive
                {Ref, R} -> erlang:demonitor(Ref, [flush]), R;
                {'DOWN', Ref, process, Pid, _} -> erlang:error(not_alive)
            end
    end.

default_cookie() ->
    Home = case os:getenv("HOME") of false -> "."; H -> H end,
    case file:read_file(Home ++ "/.erlang.cookie") of
        {ok, B} -> list_to_atom(string:trim(binary_to_list(B)));
        _ -> nocookie
    end.

full_name(Name) ->
    S = atom_to_list(Name),
    case lists:member($@, S) of
        true -> Name;
        false -> list_to_atom(S ++ "@" ++ short_host())
    end.

short_host() ->
    H = case os:getenv("HOSTNAME") of
            false -> case file:read_file("/etc/hostname") of
                         {ok, B} -> string:trim(binary_to_list(B));
                         _ -> "localhost"
                     end;
            V -> V
        end,
    hd(string:split(H, ".")).

%% ---------------------------------------------------------------- setup

init(Parent, Node, Cookie) ->
    %% what other nodes spawn here (spawn/4, rpc, erpc) descends from
    %% this process: it holds no capability token, so they reach no file:
    shale_cap:adopt(none),
    true = register(shale_dist, self()),
    [Alive, _Host] = string:split(atom_to_list(Node), "@"),
    case shale_dsock:listen(?LOOPBACK, 0) of
        {ok, LFd, Port} ->
            case epmd_register(Alive, Port) of
                {ok, EFd, Creation} ->
                    shale_dist:set_node(Node, Creation),
                    net_kernel:start_server(),
                    rpc:start_server(),
                    Parent ! {self(), {ok, self()}},
                    loop(#{node => Node, cookie => Cookie, lfd => LFd,
                           port => Port, epmd => EFd, conns => #{},
                           mons => #{}, links => [], node_mons => [],
                           stats => #{bad_packets => 0, refused => 0},
                           wait => 1});
                {error, Why} ->
                    shale_dsock:close(LFd),
                    Parent ! {self(), {error, {epmd, Why}}}
            end;
        {error, Why} ->
            Parent ! {self(), {error, {listen, Why}}}
    end.

epmd_port() ->
    case os:getenv("ERL_EPMD_PORT") of
        false -> 4369;
        P -> list_to_integer(P)
    end.

%% ALIVE2_REQ: port, normal node ('M'), TCP, versions 6..6, name; the
%% connection stays open while the node is registered.
epmd_register(Alive, Port) ->
    case shale_dsock:connect(?LOOPBACK, epmd_port()) of
        {ok, Fd} ->
            N = list_to_binary(Alive),
            Req = <<$x, Port:16, $M, 0, 6:16, 6:16, (byte_size(N)):16,
                    N/binary, 0:16>>,
            ok = shale_dsock:send(Fd, [<<(byte_size(Req)):16>>, Req]),
            case recv_exact(Fd, 2, <<>>, deadline(5000)) of
                {ok, <<118, 0>>, Rest} ->
                    {ok, <<Cr:32>>, _} = recv_exact(Fd, 4, Rest, deadline(5000)),
                    {ok, Fd, Cr};
                {ok, <<121, 0>>, Rest} ->
                    {ok, <<Cr:16>>, _} = recv_exact(Fd, 2, Rest, deadline(5000)),
                    {ok, Fd, Cr};
                {ok, <<_, R>>, _} -> shale_dsock:close(Fd), {error, {refused, R}};
                Err -> shale_dsock:close(Fd), Err
            end;
        Err -> Err
    end.

%% PORT_PLEASE2_REQ: the port of Alive on this machine.
epmd_lookup(Alive) ->
    case shale_dsock:connect(?LOOPBACK, epmd_port()) of
        {ok, Fd} ->
            N = list_to_binary(Alive),
            ok = shale_dsock:send(Fd, <<(byte_size(N) + 1):16, $z, N/binary>>),
            R = case recv_exact(Fd, 4, <<>>, deadline(5000)) of
                    {ok, <<119, 0, Port:16>>, _} -> {ok, Port};
                    {ok, _, _} -> {error, not_registered};
                    Err -> Err
                end,
            shale_dsock:close(Fd),
            R;
        Err -> Err
    end.

deadline(Ms) -> erlang:monotonic_time(millisecond) + Ms.

%% Exactly N bytes (with what Buf already holds), waiting until Deadline.
recv_exact(_Fd, N, Buf, _) when byte_size(Buf) >= N ->
    <<B:N/binary, Rest/binary>> = Buf,
    {ok, B, Rest};
recv_exact(Fd, N, Buf, Deadline) ->
    case shale_dsock:recv(Fd) of
        {ok, More} -> recv_exact(Fd, N, <<Buf/binary, More/binary>>, Deadline);
        closed -> {error, closed};
        again ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> {error, timeout};
                false -> receive after 1 -> ok end,
                         recv_exact(Fd, N, Buf, Deadline)
            end
    end.

%% A handshake message: 2-byte length, then the message.
hs_send(Fd, Msg) -> shale_dsock:send(Fd, [<<(iolist_size(Msg)):16>>, Msg]).
hs_recv(Fd, Buf, Deadline) ->
    case recv_exact(Fd, 2, Buf, Deadline) of
        {ok, <<Len:16>>, Rest} -> recv_exact(Fd, Len, Rest, Deadline);
        Err -> Err
    end.

digest(Challenge, Cookie) ->
    erlang:md5([atom_to_list(Cookie), integer_to_list(Challenge)]).

challenge() ->
    <<C:32>> = <<(erlang:unique_integer([positive]) bxor
                  erlang:monotonic_time() bxor
                  (erlang:phash2(make_ref()) bsl 7)):32>>,
    C.

%% We connect to Node: send_name, status, challenge, reply, ack.
hs_connect(Node, S = #{node := Me, cookie := Cookie}) ->
    [Alive, _] = string:split(atom_to_list(Node), "@"),
    D = deadline(?HANDSHAKE_MS),
    case epmd_lookup(Alive) of
        {ok, Port} ->
            case shale_dsock:connect(?LOOPBACK, Port) of
                {ok, Fd} ->
                    case catch hs_connect(Fd, Node, Me, Cookie, S, D) of
                        {ok, Flags, Rest} -> {ok, Fd, Flags, Rest};
                        Err -> shale_dsock:close(Fd), {error, Err}
                    end;
                Err -> Err
            end;
        Err -> Err
    end.

hs_connect(Fd, Node, Me, Cookie, S, D) ->
    MeB = atom_to_binary(Me, utf8),
    ok = hs_send(Fd, <<$N, (?OUR_FLAGS):64, (creation(S)):32,
                       (byte_size(MeB)):16, MeB/binary>>),
    {ok, <<$s, Status/binary>>, R1} = hs_recv(Fd, <<>>, D),
    case Status of
        <<"ok", _/binary>> -> ok;
        _ -> throw({status, Status})
    end,
    {ok, <<$N, Flags:64, Ch:32, _Cr:32, NL:16, Name:NL/binary>>, R2} =
        hs_recv(Fd, R1, D),
    Node = binary_to_atom(Name, utf8),
    check_flags(Flags),
    Mine = challenge(),
    ok = hs_send(Fd, <<$r, Mine:32, (digest(Ch, Cookie))/binary>>),
    Expect = digest(Mine, Cookie),
    case hs_recv(Fd, R2, D) of
        {ok, <<$a, Expect:16/binary>>, R3} -> {ok, Flags, R3};
        {ok, <<$a, _/binary>>, _} -> throw(bad_cookie_ack);
        Err -> throw(Err)
    end.

creation(_) -> current_creation().
current_creation() ->
    %% the creation epmd gave us is in the runtime: read it back from a pid
    <<131, 88, Rest/binary>> = term_to_binary(self()),
    {_, <<_:32, _:32, Cr:32>>} = split_atom(Rest),
    Cr.
split_atom(<<119, L, A:L/binary, R/binary>>) -> {A, R};
split_atom(<<118, L:16, A:L/binary, R/binary>>) -> {A, R};
split_atom(<<100, L:16, A:L/binary, R/binary>>) -> {A, R};
split_atom(<<115, L, A:L/binary, R/binary>>) -> {A, R}.

check_flags(Flags) ->
    case Flags band ?MANDATORY of
        ?MANDATORY -> ok;
        _ -> throw({missing_flags, ?MANDATORY band bnot Flags})
    end.

%% Node connects to us: name, status, challenge, reply (checked), ack.
hs_accept(Fd, S = #{node := Me, cookie := Cookie}) ->
    D = deadline(?HANDSHAKE_MS),
    {ok, <<$N, Flags:64, _Cr:32, NL:16, Name:NL/binary>>, R1} =
        hs_recv(Fd, <<>>, D),
    Node = binary_to_atom(Name, utf8),
    check_flags(Flags),
    case maps:is_key(Node, maps:get(conns, S)) of
        true -> ok = hs_send(Fd, <<"salive">>), throw({already_connected, Node});
        false -> ok
    end,
    ok = hs_send(Fd, <<"sok">>),
    MeB = atom_to_binary(Me, utf8),
    Mine = challenge(),
    ok = hs_send(Fd, <<$N, (?OUR_FLAGS):64, Mine:32, (current_creation()):32,
                       (byte_size(MeB)):16, MeB/binary>>),
    Expect = digest(Mine, Cookie),
    case hs_recv(Fd, R1, D) of
        {ok, <<$r, Theirs:32, Expect:16/binary>>, R2} ->
            ok = hs_send(Fd, <<$a, (digest(Theirs, Cookie))/binary>>),
            {ok, Node, Flags, R2};
        {ok, <<$r, _/binary>>, _} -> throw({wrong_cookie, Node});
        Err -> throw(Err)
    end.

%% ---------------------------------------------------------------- loop

loop(S0) ->
    Wait = maps:get(wait, S0),
    S1 = receive
             Msg -> handle(Msg, S0#{wait := 0})
         after Wait -> S0
         end,
    {S2, Busy} = poll(S1),
    W = case Busy of
            true -> 0;
            false -> min(20, maps:get(wait, S2) * 2 + 1)
        end,
    case S2 of
        #{stopping := true} -> teardown(S2);
        _ -> loop(S2#{wait := W})
    end.

teardown(S = #{lfd := LFd, epmd := EFd}) ->
    S2 = maps:fold(fun(N, _, Acc) -> drop(N, Acc, connection_closed) end,
                   S, maps:get(conns, S)),
    _ = S2,
    shale_dsock:close(LFd),
    shale_dsock:close(EFd),
    shale_dist:set_nodes([]),
    shale_dist:set_node('nonode@nohost', 0),
    ok.

%% Accept new connections, read what arrived, tick idle connections.
poll(S0) ->
    S1 = accept_all(S0),
    Now = erlang:monotonic_time(millisecond),
    maps:fold(fun(Node, C, {S, Busy}) ->
                      case maps:is_key(Node, maps:get(conns, S)) of
                          true -> poll_conn(Node, C, Now, S, Busy);
                          false -> {S, Busy}
                      end
              end, {S1, false}, maps:get(conns, S1)).

accept_all(S = #{lfd := LFd}) ->
    case shale_dsock:accept(LFd) of
        {ok, Fd} ->
            S2 = case catch hs_accept(Fd, S) of
                     {ok, Node, Flags, Rest} -> up(Node, Fd, Flags, Rest, S);
                     Why ->
                         shale_dsock:close(Fd),
                         log_refused(Why),
                         count(refused, S)
                 end,
            accept_all(S2);
        _ -> S
    end.

%% Logged as erl logs them (an error report).
log_refused({wrong_cookie, Node}) ->
    error_logger:error_msg("** Connection attempt from node ~w rejected. "
                           "Invalid challenge reply. **~n", [Node]);
log_refused(Why) ->
    error_logger:error_msg("** Distribution handshake failed: ~0p **~n", [Why]).

count(Key, S = #{stats := St}) ->
    S#{stats := St#{Key => maps:get(Key, St, 0) + 1}}.

up(Node, Fd, Flags, Rest, S = #{conns := Cs}) ->
    Now = erlang:monotonic_time(millisecond),
    C = #{fd => Fd, buf => Rest, flags => Flags, last_in => Now,
          last_out => Now},
    S2 = S#{conns := Cs#{Node => C}},
    shale_dist:set_nodes(maps:keys(maps:get(conns, S2))),
    S2.

poll_conn(Node, C = #{fd := Fd}, Now, S, Busy) ->
    case shale_dsock:recv(Fd) of
        {ok, Data} ->
            Buf = <<(maps:get(buf, C))/binary, Data/binary>>,
            C2 = C#{buf := <<>>, last_in := Now},
            S2 = put_conn(Node, C2, S),
            {packets(Node, Buf, S2), true};
        again ->
            S2 = tick(Node, C, Now, S),
            {S2, Busy};
        closed ->
            {drop(Node, S, connection_closed), Busy}
    end.

tick(Node, C = #{fd := Fd, last_in := In, last_out := Out}, Now, S) ->
    if Now - In > ?TIMEOUT_MS ->
            drop(Node, S, net_tick_timeout);
       Now - Out > ?TICK_MS ->
            _ = shale_dsock:send(Fd, <<0:32>>),
            put_conn(Node, C#{last_out := Now}, S);
       true -> S
    end.

put_conn(Node, C, S = #{conns := Cs}) -> S#{conns := Cs#{Node => C}}.

%% Whole packets out of Buf; what is left waits for more.
packets(Node, <<Len:32, P:Len/binary, Rest/binary>>, S) ->
    S2 = case Len of
             0 -> S;
             _ -> try packet(Node, P, S)
                  catch Class:Why:St ->
                          io:format(standard_error,
                                    "=ERROR REPORT==== ~w: bad distribution"
                                    " message from ~w: ~0p~n",
                                    [node(), Node, {Class, Why, hd(St ++ [x])}]),
                          drop(Node, count(bad_packets, S), connection_closed)
                  end
         end,
    case maps:is_key(Node, maps:get(conns, S2)) of
        true -> packets(Node, Rest, S2);
        false -> S2
    end;
packets(Node, Buf, S) ->
    case maps:find(Node, maps:get(conns, S)) of
        {ok, C} -> put_conn(Node, C#{buf := Buf}, S);
        error -> S
    end.

packet(Node, <<112, Data/binary>>, S) ->
    {Ctrl, Used} = binary_to_term(Data, [used]),
    Rest = binary:part(Data, Used, byte_size(Data) - Used),
    control(Node, Ctrl, Rest, S).

payload(<<>>) -> erlang:error(missing_payload);
payload(B) -> binary_to_term(B).

%% ------------------------------------------------------ incoming control

control(_, {2, _, To}, P, S) -> To ! payload(P), S;                 % SEND
control(_, {22, _, To}, P, S) -> To ! payload(P), S;                % SEND_SENDER
control(_, {6, _, _, Name}, P, S) ->                                % REG_SEND
    catch Name ! payload(P), S;
control(_, {33, _, Alias}, P, S) -> Alias ! payload(P), S;          % ALIAS_SEND
control(N, {1, From, To}, _, S) -> link_in(N, From, To, S);         % LINK
control(N, {4, From, To}, _, S) -> unlink_in(N, From, To, S);       % UNLINK
control(N, {35, Id, From, To}, _, S) ->                             % UNLINK_ID
    send_ctrl(N, {36, Id, To, From}, S),
    unlink_in(N, From, To, S);
control(_, {36, _, _, _}, _, S) -> S;                               % UNLINK_ID_ACK
control(N, {3, From, To, Why}, _, S) -> exit_in(N, From, To, Why, S);   % EXIT
control(N, {24, From, To}, P, S) -> exit_in(N, From, To, payload(P), S);
control(_, {8, From, To, Why}, _, S) ->                             % EXIT2
    shale_dist:exit_signal(From, To, Why), S;
control(_, {26, From, To}, P, S) ->
    shale_dist:exit_signal(From, To, payload(P)), S;
control(N, {19, From, Target, Ref}, _, S) ->                        % MONITOR_P
    monitor_in(N, From, Target, Ref, S);
control(_, {20, _From, _Target, Ref}, _, S) ->                      % DEMONITOR_P
    demonitor_in(Ref, S);
control(_, {21, _From, _To, Ref, Why}, _, S) -> down_in(Ref, Why, S);
control(_, {28, _From, _To, Ref}, P, S) -> down_in(Ref, payload(P), S);
control(N, {29, ReqId, From, GL, {M, F, _A}, Opts}, P, S) ->         % SPAWN_REQUEST
    spawn_in(N, ReqId, From, GL, M, F, payload(P), Opts, S);
control(_, {7, _From, To}, _, S) -> _ = To, S;                      % GROUP_LEADER
control(_, Ctrl, _, _) -> erlang:error({unknown_control, Ctrl}).

%% A remote process links to a local one: watch the local one.
link_in(N, From, To, S = #{links := Ls}) ->
    case is_process_alive(To) of
        true ->
            erlang:monitor(process, To),
            S#{links := [{To, From, N} | Ls]};
        false ->
            send_ctrl(N, {3, To, From, noproc}, S), S
    end.

unlink_in(_N, From, To, S = #{links := Ls}) ->
    S#{links := [L || L = {T, F, _} <- Ls, not (T =:= To andalso F =:= From)]}.

exit_in(_N, From, To, Why, S = #{links := Ls}) ->
    case [L || L = {T, F, _} <- Ls, T =:= To, F =:= From] of
        [] -> S;
        _ ->
            shale_dist:exit_signal(From, To, Why),
            unlink_in(_N, From, To, S)
    end.

%% A remote process monitors a local one (a pid or a registered name).
monitor_in(N, From, Target, Ref, S = #{mons := Ms}) ->
    Pid = case is_atom(Target) of true -> whereis(Target); false -> Target end,
    case is_pid(Pid) andalso is_process_alive(Pid) of
        true ->
            LRef = erlang:monitor(process, Pid),
            S#{mons := Ms#{LRef => {in, N, From, Target, Ref}}};
        false ->
            send_ctrl(N, {21, Target, From, Ref, noproc}, S), S
    end.

demonitor_in(Ref, S = #{mons := Ms}) ->
    case [L || {L, {in, _, _, _, R}} <- maps:to_list(Ms), R =:= Ref] of
        [L | _] -> erlang:demonitor(L, [flush]), S#{mons := maps:remove(L, Ms)};
        [] -> S
    end.

%% A DOWN for a local watcher of a remote process.
down_in(Ref, Why, S = #{mons := Ms}) ->
    case maps:find(Ref, Ms) of
        {ok, {out, _N, Watcher, Target}} ->
            Watcher ! {'DOWN', Ref, process, Target, Why},
            S#{mons := maps:remove(Ref, Ms)};
        _ -> S
    end.

%% spawn_request from another node (spawn/4, erpc, rpc): the new process
%% runs M:F(Args) under the requester's group leader.
spawn_in(N, ReqId, From, GL, M, F, Args, Opts, S) ->
    Link = lists:member(link, Opts),
    Mon = lists:member(monitor, Opts),
    %% monitored from the start: it cannot end unseen before we watch
    {Pid, LRef} = spawn_monitor(fun() -> group_leader(GL, self()),
                                         apply(M, F, Args) end),
    Flags = (case Link of true -> 1; false -> 0 end) bor
        (case Mon of true -> 2; false -> 0 end),
    S1 = send_ctrl(N, {31, ReqId, From, Flags, Pid}, S),
    S2 = case Link of
             true -> S1#{links := [{Pid, From, N} | maps:get(links, S1)]};
             false -> S1
         end,
    case Mon of
        true ->
            Ms = maps:get(mons, S2),
            S2#{mons := Ms#{LRef => {in, N, From, Pid, ReqId}}};
        false -> S2
    end.

%% ------------------------------------------------------ local requests

handle(Msg, S) ->
    try handle1(Msg, S)
    catch Class:Why:St ->
            io:format(standard_error, "=ERROR REPORT==== ~w: shale_dist: ~0p~n",
                      [node(), {Class, Why, hd(St ++ [x])}]),
            S
    end.

handle1({'$dist_send', Dest, Msg}, S) -> send_out(Dest, Msg, S);
handle1({'$dist_monitor', {Watcher, Ref}, Target}, S) ->
    monitor_out(Watcher, Ref, Target, S);
handle1({'$dist_demonitor', Watcher, Ref}, S = #{mons := Ms}) ->
    case maps:find(Ref, Ms) of
        {ok, {out, N, Watcher, Target}} ->
            send_ctrl(N, {20, Watcher, target_ctrl(Target), Ref}, S),
            S#{mons := maps:remove(Ref, Ms)};
        _ -> S
    end;
handle1({'$dist_link', Local, Remote}, S) -> link_out(Local, Remote, S);
handle1({'$dist_monitor_node', Pid, {Node, Flag}}, S) ->
    monitor_node_out(Pid, Node, Flag, S);
handle1({'DOWN', LRef, process, Pid, Why}, S) -> local_down(LRef, Pid, Why, S);
handle1({'$dist_call', From, Ref, Req}, S) ->
    {Reply, S2} = request(Req, S),
    From ! {Ref, Reply},
    S2;
handle1(_, S) -> S.

request(stop, S) -> {ok, S#{stopping => true}};
request({connect, Node}, S) ->
    case ensure(Node, S) of
        {ok, S2} -> {true, S2};
        {error, S2} -> {false, S2}
    end;
request(info, S) ->
    {[{N, [{flags, maps:get(flags, C)}]} || {N, C} <- maps:to_list(maps:get(conns, S))], S};
request(stats, S) -> {maps:get(stats, S), S}.

%% The connection to Node, made if need be.
ensure(Node, S = #{conns := Cs}) ->
    case maps:is_key(Node, Cs) of
        true -> {ok, S};
        false when Node =:= 'nonode@nohost' -> {error, S};
        false ->
            case hs_connect(Node, S) of
                {ok, Fd, Flags, Rest} ->
                    S2 = up(Node, Fd, Flags, <<>>, S),
                    {ok, packets(Node, Rest, S2)};
                {error, Why} ->
                    log_connect_failed(Node, Why),
                    {error, S}
            end
    end.

log_connect_failed(Node, {{badmatch, {ok, <<"snot_allowed">>, _}}, _}) ->
    io:format(standard_error, "=ERROR REPORT==== ~w: ~w refused the connection~n",
              [node(), Node]);
log_connect_failed(_, _) -> ok.

dest_node(Dest) when is_pid(Dest); is_reference(Dest) -> node(Dest);
dest_node({_, Node}) -> Node.

send_out(Dest, Msg, S) ->
    Node = dest_node(Dest),
    case ensure(Node, S) of
        {ok, S2} ->
            Ctrl = case Dest of
                       {Name, _} -> {6, whereis(shale_dist), '', Name};
                       _ when is_pid(Dest) -> {2, '', Dest};
                       _ -> {33, whereis(shale_dist), Dest}
                   end,
            send_ctrl(Node, Ctrl, Msg, S2);
        {error, S2} -> S2
    end.

target_ctrl({Name, _Node}) -> Name;
target_ctrl(Pid) -> Pid.

monitor_out(Watcher, Ref, Target, S) ->
    Node = dest_node(Target),
    case ensure(Node, S) of
        {ok, S2 = #{mons := Ms}} ->
            send_ctrl(Node, {19, Watcher, target_ctrl(Target), Ref}, S2),
            S2#{mons := Ms#{Ref => {out, Node, Watcher, Target}}};
        {error, S2} ->
            Watcher ! {'DOWN', Ref, process, Target, noconnection},
            S2
    end.

link_out(Local, Remote, S) ->
    Node = node(Remote),
    case ensure(Node, S) of
        {ok, S2 = #{links := Ls}} ->
            send_ctrl(Node, {1, Local, Remote}, S2),
            erlang:monitor(process, Local),
            S2#{links := [{Local, Remote, Node} | Ls]};
        {error, S2} ->
            shale_dist:exit_signal(Remote, Local, noconnection),
            S2
    end.

monitor_node_out(Pid, Node, true, S) ->
    case ensure(Node, S) of
        {ok, S2 = #{node_mons := NMs}} ->
            erlang:monitor(process, Pid),
            S2#{node_mons := [{Pid, Node} | NMs]};
        {error, S2} -> Pid ! {nodedown, Node}, S2
    end;
monitor_node_out(Pid, Node, false, S = #{node_mons := NMs}) ->
    S#{node_mons := NMs -- [{Pid, Node}]}.

%% A local process ended: the remote watchers and links hear of it.
local_down(LRef, Pid, Why, S = #{mons := Ms, links := Ls, node_mons := NMs}) ->
    S2 = case maps:find(LRef, Ms) of
             {ok, {in, N, From, Target, Ref}} ->
                 send_ctrl(N, {21, Target, From, Ref, Why}, S),
                 S#{mons := maps:remove(LRef, Ms)};
             _ -> S
         end,
    {Mine, Others} = lists:partition(fun({L, _, _}) -> L =:= Pid end, Ls),
    [send_ctrl(N, {3, Pid, R, Why}, S2) || {_, R, N} <- Mine],
    S2#{links := Others, node_mons := [NM || NM = {P, _} <- NMs, P =/= Pid]}.

%% The connection to Node is gone: its monitors and links end with
%% noconnection, node monitors get nodedown.
drop(Node, S = #{conns := Cs, mons := Ms, links := Ls, node_mons := NMs}, _Why) ->
    case maps:find(Node, Cs) of
        {ok, #{fd := Fd}} -> shale_dsock:close(Fd);
        error -> ok
    end,
    Ms2 = maps:filter(
            fun(Ref, {out, N, W, T}) when N =:= Node ->
                    W ! {'DOWN', Ref, process, T, noconnection}, false;
               (L, {in, N, _, _, _}) when N =:= Node ->
                    erlang:demonitor(L, [flush]), false;
               (_, _) -> true
            end, Ms),
    {Gone, Ls2} = lists:partition(fun({_, _, N}) -> N =:= Node end, Ls),
    [shale_dist:exit_signal(R, L, noconnection) || {L, R, _} <- Gone],
    [P ! {nodedown, Node} || {P, N} <- NMs, N =:= Node],
    S2 = S#{conns := maps:remove(Node, Cs), mons := Ms2, links := Ls2,
            node_mons := [NM || NM = {_, N} <- NMs, N =/= Node]},
    shale_dist:set_nodes(maps:keys(maps:get(conns, S2))),
    S2.

send_ctrl(Node, Ctrl, S) -> write(Node, [<<112>>, term_to_binary(Ctrl)], S).
send_ctrl(Node, Ctrl, Msg, S) ->
    write(Node, [<<112>>, term_to_binary(Ctrl), term_to_binary(Msg)], S).

write(Node, Iodata, S) ->
    case maps:find(Node, maps:get(conns, S)) of
        {ok, C = #{fd := Fd}} ->
            case shale_dsock:send(Fd, [<<(iolist_size(Iodata)):32>>, Iodata]) of
                ok -> put_conn(Node, C#{last_out := erlang:monotonic_time(millisecond)}, S);
                _ -> drop(Node, S, connection_closed)
            end;
        error -> S
    end.
