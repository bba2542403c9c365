source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

@seqc_ptx_attn_1_true_sh1 = internal addrspace(3) global [128 x float] undef, align 16
@seqc_ptx_attn_1_true_sh2 = internal addrspace(3) global [128 x float] undef, align 16

define ptx_kernel void @seqc_ptx_attn_1_true(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, i64 %i5, i64 %i6, i64 %i7, i64 %i8, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3, float addrspace(1)* nocapture %p4) nounwind {
entry:
	%0 = alloca [4 x float], align 16
	%1 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%2 = zext i32 %1 to i64
	%3 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%4 = zext i32 %3 to i64
	%5 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%6 = zext i32 %5 to i64
	%7 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%8 = zext i32 %7 to i64
	%9 = getelementptr [4 x float], [4 x float]* %0, i64 0, i64 0
	%10 = trunc i64 %i7 to i32
	%11 = bitcast i32 %10 to float
	%12 = sdiv i64 %4, %i2
	%13 = srem i64 %4, %i2
	%14 = sdiv i64 %i2, %i3
	%15 = sdiv i64 %13, %14
	%16 = sub i64 %i1, %i0
	%17 = add i64 %2, 1
	%18 = add i64 %16, %17
	%19 = icmp slt i64 %18, 0
	%20 = select i1 %19, i64 0, i64 %18
	%21 = icmp slt i64 %i1, %20
	%22 = select i1 %21, i64 %i1, i64 %20
	%23 = mul i64 %12, %i0
	%24 = add i64 %23, %2
	%25 = mul i64 %24, %i2
	%26 = add i64 %25, %13
	%27 = mul i64 %26, %i4
	%28 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%29 = zext i32 %28 to i64
	%30 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%31 = zext i32 %30 to i64
	%32 = mul i64 %31, 128
	%33 = add i64 %32, %29
	%34 = getelementptr float, float* %9, i64 0
	store float 0xFFF0000000000000, float* %34, align 4
	%35 = getelementptr float, float* %9, i64 2
	store float 0.0, float* %35, align 4
	%36 = getelementptr float, float* %9, i64 3
	store float 0.0, float* %36, align 4
	%37 = icmp slt i64 0, %22
	br i1 %37, label %loop.1, label %loop.exit.2

loop.1:
	%38 = phi i64 [ 0, %entry ], [ %226, %if.join.14 ]
	call void @llvm.nvvm.barrier0()
	%39 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%40 = zext i32 %39 to i64
	%41 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%42 = zext i32 %41 to i64
	%43 = mul i64 %42, 128
	%44 = add i64 %43, %40
	%45 = add i64 %38, %44
	%46 = icmp slt i64 %45, %22
	br i1 %46, label %ifv.3, label %ifv.join.4

loop.exit.2:
	call void @llvm.nvvm.barrier0()
	%47 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%48 = zext i32 %47 to i64
	%49 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%50 = zext i32 %49 to i64
	%51 = mul i64 %50, 128
	%52 = add i64 %51, %48
	%53 = getelementptr float, float* %9, i64 2
	%54 = load float, float* %53, align 4
	%55 = fdiv float 1.0, %54
	%56 = mul i64 %12, %i0
	%57 = add i64 %56, %2
	%58 = mul i64 %57, %i2
	%59 = add i64 %58, %13
	%60 = mul i64 %59, %i5
	%61 = add i64 %52, 0
	%62 = icmp slt i64 %61, %i5
	br i1 %62, label %if.19, label %if.join.20

ifv.3:
	%63 = mul i64 %12, %i8
	%64 = add i64 %63, %45
	%65 = mul i64 %64, %i3
	%66 = add i64 %65, %15
	%67 = mul i64 %66, %i4
	%68 = icmp slt i64 0, %i4
	br i1 %68, label %loop.5, label %loop.exit.6

ifv.join.4:
	%69 = phi float [ 0xFFF0000000000000, %loop.1 ], [ %100, %ifv.join.8 ]
	%70 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh1, i64 0, i64 0), i64 %44
	store float %69, float addrspace(3)* %70, align 4
	call void @llvm.nvvm.barrier0()
	%71 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%72 = zext i32 %71 to i64
	%73 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%74 = zext i32 %73 to i64
	%75 = mul i64 %74, 128
	%76 = add i64 %75, %72
	%77 = icmp slt i64 0, 128
	br i1 %77, label %loop.9, label %loop.exit.10

loop.5:
	%78 = phi i64 [ 0, %ifv.3 ], [ %87, %loop.5 ]
	%79 = phi float [ 0.0, %ifv.3 ], [ %86, %loop.5 ]
	%80 = add i64 %27, %78
	%81 = getelementptr float, float addrspace(1)* %p0, i64 %80
	%82 = load float, float addrspace(1)* %81, align 4
	%83 = add i64 %67, %78
	%84 = getelementptr float, float addrspace(1)* %p1, i64 %83
	%85 = load float, float addrspace(1)* %84, align 4
	%86 = call float @llvm.fmuladd.f32(float %82, float %85, float %79)
	%87 = add i64 %78, 1
	%88 = icmp slt i64 %87, %i4
	br i1 %88, label %loop.5, label %loop.exit.6

loop.exit.6:
	%89 = phi float [ 0.0, %ifv.3 ], [ %86, %loop.5 ]
	%90 = fmul float %89, %11
	%91 = icmp ne i64 %i6, 0
	br i1 %91, label %ifv.7, label %ifv.join.8

ifv.7:
	%92 = mul i64 %12, %i1
	%93 = add i64 %92, %45
	%94 = getelementptr float, float addrspace(1)* %p3, i64 %93
	%95 = bitcast float addrspace(1)* %94 to i32 addrspace(1)*
	%96 = load i32, i32 addrspace(1)* %95, align 4
	%97 = sext i32 %96 to i64
	br label %ifv.join.8

ifv.join.8:
	%98 = phi i64 [ 0, %loop.exit.6 ], [ %97, %ifv.7 ]
	%99 = icmp ne i64 %98, 0
	%100 = select i1 %99, float 0xFFF0000000000000, float %90
	br label %ifv.join.4

loop.9:
	%101 = phi i64 [ 0, %ifv.join.4 ], [ %116, %loop.9 ]
	%102 = phi float [ 0xFFF0000000000000, %ifv.join.4 ], [ %115, %loop.9 ]
	%103 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh1, i64 0, i64 0), i64 %101
	%104 = load float, float addrspace(3)* %103, align 4
	%105 = bitcast float %102 to i32
	%106 = bitcast float %104 to i32
	%107 = and i32 %105, %106
	%108 = bitcast i32 %107 to float
	%109 = fcmp ogt float %104, %102
	%110 = select i1 %109, float %104, float %108
	%111 = fcmp ogt float %102, %104
	%112 = select i1 %111, float %102, float %110
	%113 = fcmp uno float %102, %104
	%114 = fadd float %102, %104
	%115 = select i1 %113, float %114, float %112
	%116 = add i64 %101, 1
	%117 = icmp slt i64 %116, 128
	br i1 %117, label %loop.9, label %loop.exit.10

loop.exit.10:
	%118 = phi float [ 0xFFF0000000000000, %ifv.join.4 ], [ %115, %loop.9 ]
	%119 = getelementptr float, float* %9, i64 0
	%120 = load float, float* %119, align 4
	%121 = bitcast float %120 to i32
	%122 = bitcast float %118 to i32
	%123 = and i32 %121, %122
	%124 = bitcast i32 %123 to float
	%125 = fcmp ogt float %118, %120
	%126 = select i1 %125, float %118, float %124
	%127 = fcmp ogt float %120, %118
	%128 = select i1 %127, float %120, float %126
	%129 = fcmp uno float %120, %118
	%130 = fadd float %120, %118
	%131 = select i1 %129, float %130, float %128
	%132 = fcmp oeq float %131, 0xFFF0000000000000
	%133 = fsub float %120, %131
	%134 = fcmp olt float %133, -115.0
	%135 = select i1 %134, float -115.0, float %133
	%136 = fcmp ogt float %135, 89.0
	%137 = select i1 %136, float 89.0, float %135
	%138 = call float @llvm.fmuladd.f32(float %137, float 0x3FF7154760000000, float 1.2582912e+07)
	%139 = fsub float %138, 1.2582912e+07
	%140 = call float @llvm.fmuladd.f32(float %139, float 0xBFE62E4000000000, float %137)
	%141 = call float @llvm.fmuladd.f32(float %139, float 0xBEB7F7D1C0000000, float %140)
	%142 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %141, float 0x3F81239E00000000)
	%143 = call float @llvm.fmuladd.f32(float %142, float %141, float 0x3FA5558F20000000)
	%144 = call float @llvm.fmuladd.f32(float %143, float %141, float 0x3FC5554920000000)
	%145 = call float @llvm.fmuladd.f32(float %144, float %141, float 0x3FDFFFFFC0000000)
	%146 = fmul float %141, %141
	%147 = call float @llvm.fmuladd.f32(float %145, float %146, float %141)
	%148 = fadd float %147, 1.0
	%149 = bitcast float %138 to i32
	%150 = sub i32 %149, u0x4B400000
	%151 = ashr i32 %150, 1
	%152 = sub i32 %150, %151
	%153 = add i32 %151, 127
	%154 = shl i32 %153, 23
	%155 = bitcast i32 %154 to float
	%156 = add i32 %152, 127
	%157 = shl i32 %156, 23
	%158 = bitcast i32 %157 to float
	%159 = fmul float %148, %155
	%160 = fmul float %159, %158
	%161 = select i1 %132, float 1.0, float %160
	%162 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh1, i64 0, i64 0), i64 %76
	%163 = load float, float addrspace(3)* %162, align 4
	%164 = fsub float %163, %131
	%165 = fcmp olt float %164, -115.0
	%166 = select i1 %165, float -115.0, float %164
	%167 = fcmp ogt float %166, 89.0
	%168 = select i1 %167, float 89.0, float %166
	%169 = call float @llvm.fmuladd.f32(float %168, float 0x3FF7154760000000, float 1.2582912e+07)
	%170 = fsub float %169, 1.2582912e+07
	%171 = call float @llvm.fmuladd.f32(float %170, float 0xBFE62E4000000000, float %168)
	%172 = call float @llvm.fmuladd.f32(float %170, float 0xBEB7F7D1C0000000, float %171)
	%173 = call float @llvm.fmuladd.f32(float 0x3F56A243A0000000, float %172, float 0x3F81239E00000000)
	%174 = call float @llvm.fmuladd.f32(float %173, float %172, float 0x3FA5558F20000000)
	%175 = call float @llvm.fmuladd.f32(float %174, float %172, float 0x3FC5554920000000)
	%176 = call float @llvm.fmuladd.f32(float %175, float %172, float 0x3FDFFFFFC0000000)
	%177 = fmul float %172, %172
	%178 = call float @llvm.fmuladd.f32(float %176, float %177, float %172)
	%179 = fadd float %178, 1.0
	%180 = bitcast float %169 to i32
	%181 = sub i32 %180, u0x4B400000
	%182 = ashr i32 %181, 1
	%183 = sub i32 %181, %182
	%184 = add i32 %182, 127
	%185 = shl i32 %184, 23
	%186 = bitcast i32 %185 to float
	%187 = add i32 %183, 127
	%188 = shl i32 %187, 23
	%189 = bitcast i32 %188 to float
	%190 = fmul float %179, %186
	%191 = fmul float %190, %189
	%192 = select i1 %132, float 0.0, float %191
	%193 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh2, i64 0, i64 0), i64 %76
	store float %192, float addrspace(3)* %193, align 4
	%194 = getelementptr float, float* %9, i64 0
	store float %131, float* %194, align 4
	%195 = getelementptr float, float* %9, i64 1
	store float %161, float* %195, align 4
	call void @llvm.nvvm.barrier0()
	%196 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%197 = zext i32 %196 to i64
	%198 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%199 = zext i32 %198 to i64
	%200 = mul i64 %199, 128
	%201 = add i64 %200, %197
	%202 = getelementptr float, float* %9, i64 1
	%203 = load float, float* %202, align 4
	%204 = sub i64 %22, %38
	%205 = icmp slt i64 128, %204
	%206 = select i1 %205, i64 128, i64 %204
	%207 = icmp slt i64 0, %206
	br i1 %207, label %loop.11, label %loop.exit.12

loop.11:
	%208 = phi i64 [ 0, %loop.exit.10 ], [ %213, %loop.11 ]
	%209 = phi float [ 0.0, %loop.exit.10 ], [ %212, %loop.11 ]
	%210 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh2, i64 0, i64 0), i64 %208
	%211 = load float, float addrspace(3)* %210, align 4
	%212 = fadd float %209, %211
	%213 = add i64 %208, 1
	%214 = icmp slt i64 %213, %206
	br i1 %214, label %loop.11, label %loop.exit.12

loop.exit.12:
	%215 = phi float [ 0.0, %loop.exit.10 ], [ %212, %loop.11 ]
	%216 = getelementptr float, float* %9, i64 2
	%217 = load float, float* %216, align 4
	%218 = call float @llvm.fmuladd.f32(float %217, float %203, float %215)
	%219 = getelementptr float, float* %9, i64 2
	store float %218, float* %219, align 4
	%220 = add i64 %201, 0
	%221 = icmp slt i64 %220, %i5
	br i1 %221, label %if.13, label %if.join.14

if.13:
	%222 = getelementptr float, float* %9, i64 3
	%223 = load float, float* %222, align 4
	%224 = fmul float %223, %203
	%225 = icmp slt i64 0, %206
	br i1 %225, label %loop.15, label %loop.exit.16

if.join.14:
	%226 = add i64 %38, 128
	%227 = icmp slt i64 %226, %22
	br i1 %227, label %loop.1, label %loop.exit.2

loop.15:
	%228 = phi i64 [ 0, %if.13 ], [ %246, %ifv.join.18 ]
	%229 = phi float [ %224, %if.13 ], [ %245, %ifv.join.18 ]
	%230 = getelementptr float, float addrspace(3)* getelementptr ([128 x float], [128 x float] addrspace(3)* @seqc_ptx_attn_1_true_sh2, i64 0, i64 0), i64 %228
	%231 = load float, float addrspace(3)* %230, align 4
	%232 = fcmp une float %231, 0.0
	br i1 %232, label %ifv.17, label %ifv.join.18

loop.exit.16:
	%233 = phi float [ %224, %if.13 ], [ %245, %ifv.join.18 ]
	%234 = getelementptr float, float* %9, i64 3
	store float %233, float* %234, align 4
	br label %if.join.14

ifv.17:
	%235 = mul i64 %12, %i8
	%236 = add i64 %38, %228
	%237 = add i64 %235, %236
	%238 = mul i64 %237, %i3
	%239 = add i64 %238, %15
	%240 = mul i64 %239, %i5
	%241 = add i64 %240, %220
	%242 = getelementptr float, float addrspace(1)* %p2, i64 %241
	%243 = load float, float addrspace(1)* %242, align 4
	%244 = call float @llvm.fmuladd.f32(float %231, float %243, float %229)
	br label %ifv.join.18

ifv.join.18:
	%245 = phi float [ %229, %loop.15 ], [ %244, %ifv.17 ]
	%246 = add i64 %228, 1
	%247 = icmp slt i64 %246, %206
	br i1 %247, label %loop.15, label %loop.exit.16

if.19:
	%248 = fcmp ogt float %54, 0.0
	%249 = getelementptr float, float* %9, i64 3
	%250 = load float, float* %249, align 4
	%251 = fmul float %250, %55
	%252 = select i1 %248, float %251, float 0.0
	%253 = add i64 %60, %61
	%254 = getelementptr float, float addrspace(1)* %p4, i64 %253
	store float %252, float addrspace(1)* %254, align 4
	br label %if.join.20

if.join.20:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare void @llvm.nvvm.barrier0()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)
