/**
 * MIB counters by their nstat names: the section prefix plus the field (`IpInDiscards`,
 * `TcpAttemptFails`, `TcpRetransSegs`, `TcpExtListenDrops`, `TcpExtTCPSynRetrans`,
 * `UdpRcvbufErrors`, `IpExtInOctets`). The same names whatever the source
 * (`/proc/net/snmp`, `/proc/net/netstat`, `nstat -a`, `netstat -s`).
 */
export type MibCounters = Readonly<Record<string, number>>;
