%% gen_tcp on Shale: a subset of OTP's API over netd's net: scheme
%% (silos/erlang/README.md, "TCP"; strates/netd/README.md).  A connection
%% is the file net:tcp/A.B.C.D:PORT, a listener net:tcp/listen/PORT and
%% an accepted connection net:tcp/listen/PORT/accept, opened with the
%% caller's capability token (eacces without one that covers net:).
%% Reads wait in netd on a thread of their own (shale_sock, bif_sock.c),
%% so a recv blocks only its Erlang process.  This module takes the place
%% of OTP's gen_tcp in the silo (otp:/shale comes before otp:/kernel).
-module(gen_tcp).
-export([connect/3, connect/4, listen/2, accept/1, accept/2, send/2,
         recv/2, recv/3, close/1, controlling_process/2, shutdown/2]).

-define(READ_MAX, 65536).

%% {ok, Socket} | {error, R}.  Address: {A,B,C,D} or "A.B.C.D".  Options:
%% binary | list, {active, false | true}, others ignored.  Connecting
%% answers at once: a refused or unanswered connection shows as
%% {error, econnrefused | etimedout} from the first send or recv.
connect(Address, Port, Opts) -> connect(Address, Port, Opts, infinity).

connect(Address, Port, Opts, _Timeout) when is_integer(Port), Port > 0,
                                            Port < 65536 ->
    case addr(Address) of
        {ok, A} -> open(["net:tcp/", A, ":", integer_to_list(Port)], Opts);
        E -> E
    end;
connect(_, _, _, _) -> {error, einval}.

%% {ok, Listener}: a listener on Port for as long as it is open.
listen(Port, Opts) when is_integer(Port), Port > 0, Port < 65536 ->
    case shale_sock:open(["net:tcp/listen/", integer_to_list(Port)]) of
        {ok, Fd} -> {ok, {shale_listen, Fd, Port, Opts}};
        E -> E
    end;
listen(_, _) -> {error, einval}.

%% {ok, Socket} | {error, timeout | R}: the listener's next connection.
%% Opening `accept` waits in netd until a client connects, on a thread of
%% its own, so only the calling process waits.
accept(L) -> accept(L, infinity).
accept({shale_listen, _Fd, Port, Opts}, Timeout) ->
    Path = ["net:tcp/listen/", integer_to_list(Port), "/accept"],
    open(fun() ->
                 case shale_sock:accept_start(Path) of
                     ok -> wait(Timeout);
                     E -> E
                 end
         end, Opts).

open(Path, Opts) when is_list(Path) ->
    open(fun() -> shale_sock:open(Path) end, Opts);
open(Open, Opts) ->
    case active(Opts) of
        once -> {error, enotsup};
        Active ->
            case Open() of
                {ok, Fd} ->
                    S = {shale_socket, Fd, mode(Opts)},
                    case Active of
                        true -> start_reader(S, self());
                        false -> ok
                    end,
                    {ok, S};
                E -> E
            end
    end.

%% ok | {error, R}.
send({shale_socket, Fd, _}, Data) -> shale_sock:send(Fd, Data).

%% {ok, Data} | {error, closed | timeout | R}: Len 0 gives what is there
%% (up to 64 KiB), Len > 0 exactly Len bytes.  Passive sockets only; one
%% recv at a time per process.
recv(S, Len) -> recv(S, Len, infinity).
recv({shale_socket, Fd, Mode}, Len, Timeout) when is_integer(Len), Len >= 0 ->
    case read(Fd, Len, Timeout, []) of
        {ok, Bin} when Mode =:= list -> {ok, binary_to_list(Bin)};
        R -> R
    end.

read(Fd, 0, T, []) -> read_once(Fd, ?READ_MAX, T);
read(_Fd, 0, _T, Acc) -> {ok, iolist_to_binary(lists:reverse(Acc))};
read(Fd, Len, T, Acc) ->
    case read_once(Fd, min(Len, ?READ_MAX), T) of
        {ok, B} -> read(Fd, Len - byte_size(B), T, [B | Acc]);
        E -> E
    end.

read_once(Fd, N, T) ->
    case shale_sock:recv_start(Fd, N) of
        ok -> wait(T);
        {error, eagain} -> wait(T);   % a read a timed-out recv left
        E -> E
    end.

wait(T) ->
    receive shale_sock_ready -> shale_sock:recv_result()
    after T -> {error, timeout}
    end.

%% ok: the orderly end (FIN).
close({shale_socket, Fd, _}) -> shale_sock:close(Fd);
close({shale_listen, Fd, _, _}) -> shale_sock:close(Fd).

shutdown(S, _How) -> close(S).

%% ok: an active socket's messages go to Pid from now on.
controlling_process({shale_socket, Fd, _}, Pid) when is_pid(Pid) ->
    case get({shale_sock_reader, Fd}) of
        undefined -> ok;
        R -> R ! {owner, Pid}, ok
    end.

%% Active mode: a reader process sends {tcp, S, Data}, then {tcp_closed, S}
%% or {tcp_error, S, R}.
start_reader(S = {shale_socket, Fd, Mode}, Owner) ->
    R = spawn_link(fun() -> reader(S, Owner) end),
    put({shale_sock_reader, Fd}, R),
    _ = Mode,
    ok.

reader(S = {shale_socket, Fd, Mode}, Owner) ->
    Owner1 = receive {owner, O} -> O after 0 -> Owner end,
    case read_once(Fd, ?READ_MAX, infinity) of
        {ok, B} ->
            Owner1 ! {tcp, S, case Mode of list -> binary_to_list(B); _ -> B end},
            reader(S, Owner1);
        {error, closed} -> Owner1 ! {tcp_closed, S};
        {error, R} -> Owner1 ! {tcp_error, S, R}
    end.

active(Opts) ->
    case lists:keyfind(active, 1, Opts) of
        {active, A} -> A;
        false -> true
    end.

mode(Opts) ->
    case [M || M <- Opts, M =:= binary orelse M =:= list] of
        [] -> list;
        Ms -> lists:last(Ms)
    end.

addr({A, B, C, D} = T) when is_integer(A), is_integer(B), is_integer(C),
                            is_integer(D) ->
    case lists:all(fun(X) -> X >= 0 andalso X =< 255 end, tuple_to_list(T)) of
        true -> {ok, lists:concat([A, ".", B, ".", C, ".", D])};
        false -> {error, einval}
    end;
addr(S) when is_list(S) ->
    case string:lexemes(S, ".") of
        [_, _, _, _] = Ps ->
            try addr(list_to_tuple([list_to_integer(P) || P <- Ps]))
            catch error:badarg -> {error, einval} end;
        _ -> {error, einval}
    end;
addr(_) -> {error, einval}.
