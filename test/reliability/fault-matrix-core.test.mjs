// The fault matrix through the core client.
import { faultMatrix } from './helpers/fault-matrix.mjs'

faultMatrix('core')
